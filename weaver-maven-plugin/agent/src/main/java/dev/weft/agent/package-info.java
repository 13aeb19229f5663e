/**
 * {@code weft-agent}: {@code java -javaagent:weft-agent.jar} weaves {@code @Coroutine} methods
 * as classes load, for code no Maven build wove (an IDE's own build, plain {@code javac}).
 *
 * <p>It runs the weaver of {@code weft-maven-plugin} unchanged, so a class gets the same bytes
 * under the agent as from the build. {@link dev.weft.agent.WeftAgent} is the entry point;
 * {@link dev.weft.agent.WeavingTransformer} decides per class; {@link dev.weft.agent.FrameDefiner}
 * puts the generated frame classes into the coroutine's class loader;
 * {@link dev.weft.agent.FailingCoroutines} turns a coroutine that cannot work into one that says
 * why when called.
 */
package dev.weft.agent;
