package dev.weft;

/**
 * Raised inside a generator body at its suspension point by {@link Generator#close()}, so that its
 * {@code finally} blocks run. It is an {@link Error}, like Python's {@code BaseException}: a
 * {@code catch (Exception e)} in the body does not swallow it.
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** A GeneratorExit without a message. */
    public GeneratorExit() {
        super();
    }

    /**
     * A GeneratorExit with a message.
     *
     * @param message the detail message
     */
    public GeneratorExit(String message) {
        super(message);
    }
}
