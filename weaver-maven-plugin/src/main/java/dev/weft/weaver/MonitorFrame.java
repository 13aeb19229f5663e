package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * An ASM analysis frame that also counts the monitors held, so that a suspension point inside a
 * {@code synchronized} block can be found: a monitor cannot be held across a suspension, since
 * the coroutine may resume on another thread.
 */
final class MonitorFrame extends Frame<BasicValue> {
    private int monitors;

    MonitorFrame(int numLocals, int numStack) {
        super(numLocals, numStack);
    }

    MonitorFrame(Frame<? extends BasicValue> frame) {
        super(frame);
        monitors = ((MonitorFrame) frame).monitors;
    }

    /** How many monitors are held before the instruction this frame belongs to. */
    int monitors() {
        return monitors;
    }

    @Override
    public Frame<BasicValue> init(Frame<? extends BasicValue> frame) {
        super.init(frame);
        monitors = ((MonitorFrame) frame).monitors;
        return this;
    }

    @Override
    public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter)
            throws AnalyzerException {
        super.execute(insn, interpreter);
        if (insn.getOpcode() == Opcodes.MONITORENTER) {
            monitors++;
        } else if (insn.getOpcode() == Opcodes.MONITOREXIT && monitors > 0) {
            monitors--;
        }
    }

    @Override
    public boolean merge(Frame<? extends BasicValue> frame, Interpreter<BasicValue> interpreter)
            throws AnalyzerException {
        boolean changed = super.merge(frame, interpreter);
        int other = ((MonitorFrame) frame).monitors;
        if (other > monitors) {
            // javac's handler that releases the monitor is reached both holding and (after its
            // own monitorexit) not holding it: the larger count is the one that matters.
            monitors = other;
            return true;
        }
        return changed;
    }
}
