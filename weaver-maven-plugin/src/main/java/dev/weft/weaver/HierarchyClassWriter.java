package dev.weft.weaver;

import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} that computes stack map frames from a {@link TypeHierarchy}. */
final class HierarchyClassWriter extends ClassWriter {
    private final TypeHierarchy hierarchy;

    HierarchyClassWriter(TypeHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
