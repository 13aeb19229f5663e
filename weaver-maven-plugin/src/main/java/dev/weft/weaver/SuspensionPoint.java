package dev.weft.weaver;

import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * One call to a marker in a coroutine body: where the state machine suspends and resumes.
 *
 * @param call the {@code Co.*} call instruction that is replaced
 * @param marker which marker it calls
 * @param number its resume label, from 1 in code order (0 is the start of the body)
 * @param frame the analysed frame before the call: what is live there
 * @param line the source line, for errors and reports
 */
record SuspensionPoint(MethodInsnNode call, Marker marker, int number, Frame<BasicValue> frame,
        int line) {
}
