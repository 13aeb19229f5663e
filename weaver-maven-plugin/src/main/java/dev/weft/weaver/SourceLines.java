package dev.weft.weaver;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** Finds the user's source line of an instruction or a method, for build errors and reports. */
final class SourceLines {
    private SourceLines() {
    }

    /** The line of the nearest line-number entry before {@code insn}, or 0. */
    static int of(AbstractInsnNode insn) {
        for (AbstractInsnNode n = insn; n != null; n = n.getPrevious()) {
            if (n instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return 0;
    }

    /** The first line of a method's code, or 0 when it has none. */
    static int first(MethodNode method) {
        for (AbstractInsnNode n : method.instructions) {
            if (n instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return 0;
    }
}
