package dev.weft.agent;

import java.lang.instrument.Instrumentation;

/**
 * The entry point of {@code java -javaagent:weft-agent.jar[=verbose,dump=DIR] ...}: weaves, as
 * classes load, every class the Maven build would weave, with the same bytes; classes woven
 * already are left alone. A coroutine that cannot work is reported on standard error as
 * {@code File.java:LINE: ...} and throws {@code IllegalStateException} with that text when
 * called. See {@link AgentOptions} for the options.
 */
public final class WeftAgent {
    private WeftAgent() {
    }

    /**
     * Called by the JVM before {@code main}.
     *
     * @param args the options after {@code =}, or null
     * @param instrumentation the JVM's instrumentation
     * @throws NoSuchMethodException if this JVM's {@code ClassLoader} has no
     *         {@code defineClass(String, byte[], int, int, ProtectionDomain)}
     */
    public static void premain(String args, Instrumentation instrumentation)
            throws NoSuchMethodException {
        AgentOptions options = AgentOptions.parse(args);
        instrumentation.addTransformer(new WeavingTransformer(new FrameDefiner(instrumentation),
                options, System.err), false);
    }
}
