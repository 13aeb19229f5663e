package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/**
 * Everything the rewriting of one coroutine needs, decided before it starts: built by the
 * pipeline ({@link ClassWeaver}) from the analysis, read by {@link StateMachineRewriter} and
 * {@link FrameClassGenerator}.
 *
 * @param owner the class declaring the coroutine
 * @param coroutine the coroutine
 * @param frameName the internal name of its frame class
 * @param points its suspension points, in code order
 * @param layout the frame's fields
 * @param start what the body's start restores: the parameters
 * @param pointLayouts what each suspension point saves, in the order of {@code points}
 */
record RewritePlan(ClassNode owner, CoroutineMethod coroutine, String frameName,
        List<SuspensionPoint> points, FrameLayout layout, FrameLayout.PointLayout start,
        List<FrameLayout.PointLayout> pointLayouts) {

    /**
     * Lays out the frame of a coroutine whose suspension points are known.
     *
     * @param owner the class declaring it
     * @param coroutine the coroutine
     * @param frameName its frame class
     * @param points its suspension points
     * @return the plan
     */
    static RewritePlan of(ClassNode owner, CoroutineMethod coroutine, String frameName,
            List<SuspensionPoint> points) {
        FrameLayout layout = new FrameLayout();
        FrameLayout.PointLayout start = layout.parameters(coroutine.method().access,
                coroutine.method().desc);
        List<FrameLayout.PointLayout> pointLayouts = points.stream()
                .map(p -> layout.point(p, FrameClassGenerator.isStatic(coroutine))).toList();
        return new RewritePlan(owner, coroutine, frameName, points, layout, start, pointLayouts);
    }
}
