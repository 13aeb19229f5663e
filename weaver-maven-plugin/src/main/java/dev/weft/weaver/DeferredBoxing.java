package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;

import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Part of pass 4: {@code Co.yield(i)} of a primitive leaves the box to the runtime. javac boxes the
 * value ({@code Integer.valueOf(i)}) right before the marker call; that call becomes the frame's
 * {@code deferInt(i)}, which keeps the primitive in the frame, and the generator makes the box
 * only as the value leaves it, in {@code next()}. There the caller usually unboxes it at once and
 * the JIT drops the box, as it does for a hand-written {@code Iterator}; a box made in the body
 * lives on in the frame across the body's return, and the JIT has to allocate it.
 *
 * <p>Only a box call directly before the marker is taken (labels and line numbers may stand
 * between them). Its result goes nowhere but to the marker, which returns it to the driver; other
 * paths to the marker, where a label joins them, are untouched and bring their own values.
 */
final class DeferredBoxing {
    /** {@code valueOf} descriptors of the boxes that may allocate, to the frame method for each. */
    private static final Map<String, String> DEFER = Map.of(
            "java/lang/Integer.(I)Ljava/lang/Integer;", "deferInt",
            "java/lang/Long.(J)Ljava/lang/Long;", "deferLong",
            "java/lang/Double.(D)Ljava/lang/Double;", "deferDouble",
            "java/lang/Float.(F)Ljava/lang/Float;", "deferFloat",
            "java/lang/Short.(S)Ljava/lang/Short;", "deferShort",
            "java/lang/Character.(C)Ljava/lang/Character;", "deferChar");

    private DeferredBoxing() {
    }

    /**
     * Replaces the box call feeding the yield marker {@code marker}, if there is one.
     *
     * @param code the body's instructions
     * @param marker the {@code Co.yield(Object)} call
     * @param frameName the frame class
     * @param frameSlot the local holding the frame
     * @return whether the box was deferred
     */
    static boolean apply(InsnList code, MethodInsnNode marker, String frameName, int frameSlot) {
        AbstractInsnNode prev = marker.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            prev = prev.getPrevious();
        }
        if (!(prev instanceof MethodInsnNode box) || box.getOpcode() != INVOKESTATIC
                || !box.name.equals("valueOf")) {
            return false;
        }
        String defer = DEFER.get(box.owner + "." + box.desc);
        if (defer == null) {
            return false;
        }
        Type primitive = Type.getArgumentTypes(box.desc)[0];
        InsnList call = new InsnList();
        call.add(new VarInsnNode(ALOAD, frameSlot));
        call.add(Idioms.swapUnder(primitive));
        call.add(new MethodInsnNode(INVOKEVIRTUAL, frameName, defer,
                "(" + primitive.getDescriptor() + ")Ljava/lang/Object;", false));
        code.insertBefore(box, call);
        code.remove(box);
        return true;
    }
}
