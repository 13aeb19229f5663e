package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Pass 3: collects the suspension points of a coroutine and reports those that cannot work: the
 * wrong marker for the kind of coroutine, or a monitor held across the suspension.
 */
final class LegalityCheck {
    private LegalityCheck() {
    }

    /**
     * The suspension points of {@code coroutine}, numbered from 1 in code order.
     *
     * @param owner its class
     * @param coroutine the coroutine
     * @param frames its analysed frames
     * @param errors where problems are added
     * @return the points (also when there are errors)
     */
    static List<SuspensionPoint> check(ClassNode owner, CoroutineMethod coroutine,
            Frame<BasicValue>[] frames, List<WeaveError> errors) {
        List<SuspensionPoint> points = new ArrayList<>();
        String method = CoroutineFinder.describe(owner, coroutine.method());
        boolean synchronizedMethod = (coroutine.method().access & Opcodes.ACC_SYNCHRONIZED) != 0;
        AbstractInsnNode[] insns = coroutine.method().instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            Marker marker = Marker.of(insns[i]);
            if (marker == null) {
                continue;
            }
            int line = SourceLines.of(insns[i]);
            Frame<BasicValue> frame = frames[i];
            if (frame == null) {
                continue; // unreachable code: javac keeps none, and it never runs
            }
            if (marker.kind() != coroutine.kind()) {
                errors.add(new WeaveError(owner.sourceFile, line, wrongKind(marker, method)));
            } else if (synchronizedMethod || ((MonitorFrame) frame).monitors() > 0) {
                errors.add(new WeaveError(owner.sourceFile, line, marker.source()
                        + " inside synchronized code in " + method + ": a monitor cannot be held "
                        + "across a suspension (the coroutine may resume on another thread); "
                        + "leave the synchronized block before suspending, or use a "
                        + "java.util.concurrent lock released around it"));
            }
            points.add(new SuspensionPoint((MethodInsnNode) insns[i], marker, points.size() + 1,
                    frame, line));
        }
        return points;
    }

    private static String wrongKind(Marker marker, String method) {
        if (marker.kind() == CoroutineKind.ASYNC) {
            return marker.source() + " in generator " + method + ": await belongs in an async "
                    + "coroutine (one returning dev.weft.Future); a generator suspends with "
                    + "Co.yield or Co.yieldFrom";
        }
        return marker.source() + " in async coroutine " + method + ": an async coroutine "
                + "(returning dev.weft.Future) suspends with Co.await; to produce values, "
                + "return dev.weft.Generator instead";
    }
}
