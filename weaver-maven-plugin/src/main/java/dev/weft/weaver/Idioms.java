package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;

/**
 * The instruction sequences the passes choose between by operand: written once, here.
 */
final class Idioms {
    private Idioms() {
    }

    /**
     * Swaps the reference on top of the stack with the value of type {@code below} under it
     * ({@code SWAP} only moves single-word values: under a long or double it is
     * {@code DUP_X2; POP}).
     *
     * @param below the type of the value under the top
     * @return the instructions
     */
    static InsnList swapUnder(Type below) {
        InsnList code = new InsnList();
        if (below.getSize() == 2) {
            code.add(new InsnNode(Opcodes.DUP_X2));
            code.add(new InsnNode(Opcodes.POP));
        } else {
            code.add(new InsnNode(Opcodes.SWAP));
        }
        return code;
    }

    /**
     * Pushes an int constant with the shortest instruction: {@code ICONST_M1..5}, {@code BIPUSH},
     * {@code SIPUSH}, or {@code LDC}. Resume labels are pushed this way.
     *
     * @param value the constant
     * @return the instruction
     */
    static AbstractInsnNode pushInt(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }
}
