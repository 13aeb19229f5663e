package dev.weft.weaver;

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
        return analyzer.analyze(owner.name, method);
    }
}
