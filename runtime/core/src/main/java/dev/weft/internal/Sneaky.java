package dev.weft.internal;

/**
 * Rethrows any throwable without wrapping it, checked ones included: Python code sees exceptions
 * unchanged, and so does weft code, without {@code throws} clauses.
 */
public final class Sneaky {
    private Sneaky() {
    }

    /**
     * Throws {@code t} as it is. Declared to return an exception so that callers can write
     * {@code throw Sneaky.rethrow(t)} and keep the compiler's flow analysis.
     *
     * @param t the throwable
     * @return never returns
     */
    public static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>cast(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T cast(Throwable t) throws T {
        throw (T) t;
    }
}
