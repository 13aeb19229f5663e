package dev.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Pass 5: checks every class the weaver writes, with ASM's {@link CheckClassAdapter} (structure
 * and basic data flow) and a type-level data-flow analysis over the build's class hierarchy, so
 * that a weaver bug fails the build instead of a user's program at run time.
 */
final class WovenClassVerifier {
    private final TypeHierarchy hierarchy;

    WovenClassVerifier(TypeHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Verifies one class file.
     *
     * @param bytes the class file
     * @return null when it is sound, otherwise a description of the problem
     */
    String verify(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        try {
            reader.accept(new CheckClassAdapter(new ClassWriter(0), true), 0);
        } catch (RuntimeException e) {
            return "CheckClassAdapter: " + e.getMessage();
        }
        ClassNode node = new ClassNode();
        reader.accept(node, 0);
        for (MethodNode method : node.methods) {
            if (method.instructions.size() == 0) {
                continue;
            }
            try {
                new Analyzer<BasicValue>(new HierarchyVerifier(hierarchy)).analyze(node.name, method);
            } catch (AnalyzerException e) {
                return method.name + method.desc + ": " + e.getMessage();
            }
        }
        return null;
    }
}
