/**
 * The weaver: rewrites each {@code @Coroutine} method of a class file into a resumable state
 * machine, at build time, with ASM's tree API.
 *
 * <h2>The passes, in order</h2>
 * {@link dev.weft.weaver.ClassWeaver} runs them for each class; each pass has one class.
 * <ol>
 * <li><b>Finding</b> ({@code CoroutineFinder}, with {@code LambdaBodies}): the {@code @Coroutine}
 *     methods and the lambda bodies that suspend and return {@code Generator} or {@code Future},
 *     and their kind (generator or async, from the return type); a marker ({@code Co.yield},
 *     {@code Co.await}, ...) anywhere else is a build error. {@code GeneratorOfInlining} then
 *     turns {@code Generator.of(lambda)} into a direct call of the lambda's factory.</li>
 * <li><b>Relocation of uninitialized objects</b> ({@code UninitializedRelocation}, with the
 *     analysis {@code UninitializedValues}): an object between its {@code new} and its
 *     constructor cannot be saved in a field, so one that would be alive at a suspension point
 *     ({@code new P(Co.yield(1), 2)}, or held in a local where javac spills the stack around a
 *     switch expression with a {@code try}) is allocated at its constructor call instead.</li>
 * <li><b>Frame analysis</b> ({@code FrameAnalysis}): the precise type of every local and stack
 *     value before each instruction, as the JVM's verifier sees it (a local that may hold an
 *     object under construction is top, never saved), and the monitors held.</li>
 * <li><b>Legality</b> ({@code LegalityCheck}): the suspension points, numbered from 1 in code
 *     order; the wrong marker for the kind, or a monitor held across one, is a build error.</li>
 * <li><b>Frame layout</b> ({@code FrameLayout}, into a {@code RewritePlan}): which typed field
 *     of the frame class keeps which local and stack value at each suspension point.</li>
 * <li><b>State machine rewriting</b> ({@code StateMachineRewriter}, with {@code DeferredBoxing}
 *     and {@code Idioms}): the method becomes the factory of its frame; its code moves into a
 *     synthetic body method that dispatches on the frame's resume label; each marker call
 *     becomes save, set label, return, and at the label restore and take the value sent in. The
 *     saving and restoring code is cut out of the user's try ranges.</li>
 * <li><b>Frame class generation</b> ({@code FrameClassGenerator}): a subclass of the runtime's
 *     {@code GeneratorFrame} or {@code AsyncFrame} with the fields, a constructor taking the
 *     arguments, and {@code resume()} calling the body.</li>
 * <li><b>Writing and verifying</b> ({@code HierarchyClassWriter}, {@code WovenClassVerifier}):
 *     stack map frames computed against the build's class hierarchy, and every class checked by
 *     ASM's {@code CheckClassAdapter} before anything is written.</li>
 * </ol>
 * A failure inside any pass is a weaver bug and is reported as one ({@code WeaverBug}); with
 * {@code -Dweft.dump=DIR} each woven method is written out before and after as ASM text, with
 * its frame layout ({@code WeaveDump}).
 *
 * <h2>A small coroutine, before and after</h2>
 * <pre>{@code
 * @Coroutine
 * static Generator<Integer, Void, String> countdown(int n) {
 *     while (n > 0) {
 *         Co.yield(n);
 *         n--;
 *     }
 *     return Generator.done("liftoff");
 * }
 * }</pre>
 * becomes, written as Java (the weaver works on bytecode; {@code -Dweft.dump} shows the real
 * instructions):
 * <pre>{@code
 * // the factory: the method keeps its name, signature and annotations
 * static Generator<Integer, Void, String> countdown(int n) {
 *     return new Countdown$weft$countdown(n);
 * }
 *
 * // the frame class: one typed field per saved value (i0 keeps n), and the resume label
 * final class Countdown$weft$countdown extends GeneratorFrame {
 *     int i0;
 *     Countdown$weft$countdown(int n) { i0 = n; }
 *     protected final Object resume() { return Countdown.countdown(this); }
 * }
 *
 * // the body: a synthetic method of the same name taking the frame (Java with goto)
 * static Object countdown(Countdown$weft$countdown frame) {
 *     switch (frame.label) {                      // dispatch on the resume label
 *         case 0: n = frame.i0; goto START;       // the start: restore the arguments
 *         case 1: n = frame.i0; goto RESUME_1;    // resumed at the yield: restore
 *         default: throw new IllegalStateException("coroutine resumed after it finished");
 *     }
 *   START:
 *     while (n > 0) {
 *         Object yielded = frame.deferInt(n);     // the box is made only as it leaves
 *         frame.i0 = n;                           // save what is live at the yield
 *         frame.label = 1;
 *         return yielded;                         // suspend: back to next() or send()
 *   RESUME_1:
 *         frame.resumeValue();                    // what send() passed (or throw what
 *         n--;                                    // throwInto() passed), and go on
 *     }
 *     frame.label = -1;                           // finished
 *     return Generator.done("liftoff");
 * }
 * }</pre>
 */
package dev.weft.weaver;
