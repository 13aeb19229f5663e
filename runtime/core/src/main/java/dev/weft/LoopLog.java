package dev.weft;

import java.util.function.BiConsumer;

/**
 * Where the runtime reports failures nobody else will see: exceptions escaping loop callbacks,
 * timers, I/O handlers, future callbacks and spawned coroutines (Tornado's {@code app_log.error}).
 *
 * <p>They go to the {@link System.Logger} named {@code dev.weft} at level ERROR, with the stack
 * trace. Tests may divert them with {@link #setHook}.
 *
 * <p>This is the one log that every weft artifact reports through ({@code weft-web} and
 * {@code weft-sql} too), so that a single hook or logger configuration sees every failure a loop
 * swallowed. Libraries built on weft may report their own callbacks' failures here as well.
 *
 * <p>Thread rules: every method may be called from any thread.
 */
public final class LoopLog {
    private static final System.Logger LOGGER = System.getLogger("dev.weft");

    // Replaces the logger while set: lets tests observe failures without a System.LoggerFinder.
    private static volatile BiConsumer<String, Throwable> hook;

    private LoopLog() {
    }

    /**
     * Reports a failure, or rethrows it at once if it is a {@link VirtualMachineError} (out of
     * memory, internal error): those leave the JVM in no state to carry on quietly.
     *
     * @param message what failed
     * @param failure the exception, logged with its stack trace
     */
    public static void error(String message, Throwable failure) {
        if (failure instanceof VirtualMachineError) {
            throw (VirtualMachineError) failure;
        }
        BiConsumer<String, Throwable> h = hook;
        if (h != null) {
            h.accept(message, failure);
        } else {
            LOGGER.log(System.Logger.Level.ERROR, message, failure);
        }
    }

    /**
     * Logs at DEBUG level, never through the hook: for events Tornado also keeps quiet.
     *
     * @param message what happened
     * @param failure the exception
     */
    public static void debug(String message, Throwable failure) {
        if (LOGGER.isLoggable(System.Logger.Level.DEBUG)) {
            LOGGER.log(System.Logger.Level.DEBUG, message, failure);
        }
    }

    /**
     * {@code String.valueOf(o)}, but never throws: a failure report must not fail because some
     * user object's {@code toString} does.
     *
     * @param o the object
     * @return its description
     */
    public static String describe(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o))
                    + " (toString failed: " + e + ")";
        }
    }

    /**
     * Diverts {@link #error} reports to {@code newHook} (null restores the logger).
     *
     * @param newHook receives the message and the failure
     * @return the hook that was installed before, to restore afterwards
     */
    public static BiConsumer<String, Throwable> setHook(BiConsumer<String, Throwable> newHook) {
        BiConsumer<String, Throwable> old = hook;
        hook = newHook;
        return old;
    }
}
