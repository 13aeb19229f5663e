package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Pass 2: ASM's {@link Analyzer} over a coroutine method, giving for every instruction the precise
 * types of the locals and operand-stack values (what must be saved at a suspension point) and the
 * number of monitors held.
 *
 * <p>The types are the JVM verifier's, not only ASM's: ASM's interpreter types {@code new X} as
 * an initialized {@code X}, so where an object still being constructed on one path meets another
 * value in the same local (a try handler reached both before and after javac spills the object
 * into a local, or a local reused), ASM merges them into a type while the JVM merges them into
 * top, unusable. Such a local is made top here too ({@link UninitializedValues} finds them): no
 * valid code reads it before writing it, so it is never saved at a suspension point; saving it
 * would load a value the verifier refuses to load.
 */
final class FrameAnalysis {
    private final TypeHierarchy hierarchy;

    FrameAnalysis(TypeHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Analyses one method.
     *
     * @param owner the class declaring it
     * @param method the method, with code
     * @return one frame per instruction (null where unreachable), each a {@link MonitorFrame}
     * @throws AnalyzerException when the code cannot be analysed
     */
    Frame<BasicValue>[] analyze(ClassNode owner, MethodNode method) throws AnalyzerException {
        Analyzer<BasicValue> analyzer = new Analyzer<>(new HierarchyVerifier(hierarchy)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new MonitorFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new MonitorFrame(frame);
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner.name, method);
        if (hasAllocation(method)) {
            topUninitializedLocals(frames, UninitializedValues.analyze(owner.name, method));
        }
        return frames;
    }

    /**
     * Makes top every local that may hold an object not yet initialized: mixed with other values,
     * the verifier's top; on every path, never alive at a suspension point once
     * {@link UninitializedRelocation} has run, and not storable in a field either way.
     */
    private static void topUninitializedLocals(Frame<BasicValue>[] frames,
            UninitializedValues.Result uninitialized) {
        for (int i = 0; i < frames.length; i++) {
            Frame<UninitializedValues.Value> tracked = uninitialized.frames[i];
            if (frames[i] == null || tracked == null) {
                continue;
            }
            for (int local = 0; local < frames[i].getLocals(); local++) {
                if (!tracked.getLocal(local).allocations().isEmpty()) {
                    frames[i].setLocal(local, BasicValue.UNINITIALIZED_VALUE);
                }
            }
        }
    }

    private static boolean hasAllocation(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.NEW) {
                return true;
            }
        }
        return false;
    }
}
