package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier}, answering its questions about classes from a {@link TypeHierarchy}
 * instead of loading them. Used to learn the precise type of every value live at a suspension
 * point; it trusts the compiler on sub-typing, since javac's output is already verified.
 */
final class HierarchyVerifier extends SimpleVerifier {
    private final TypeHierarchy hierarchy;

    HierarchyVerifier(TypeHierarchy hierarchy) {
        super(Opcodes.ASM9, null, null, null, false);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isInterface(Type type) {
        return hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        String superName = hierarchy.superName(type.getInternalName());
        return superName == null ? null : Type.getObjectType(superName);
    }

    @Override
    protected boolean isAssignableFrom(Type type1, Type type2) {
        if (type1.getSort() == Type.ARRAY || type2.getSort() == Type.ARRAY) {
            return type1.equals(type2);
        }
        return hierarchy.isAssignableFrom(type1.getInternalName(), type2.getInternalName());
    }

    @Override
    protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        Type type = value.getType();
        Type expectedType = expected.getType();
        if (type == null || expectedType == null) {
            return type == null && expectedType == null;
        }
        if (isReference(type) && isReference(expectedType)) {
            return true;
        }
        return type.equals(expectedType);
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("classes are never loaded at build time: " + type);
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }
}
