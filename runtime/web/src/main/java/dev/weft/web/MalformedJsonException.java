package dev.weft.web;

/**
 * Text that is not JSON ({@link Json#parse}), with what was expected and where, as Python's
 * {@code json.JSONDecodeError} says it: {@code Expecting ',' delimiter: char 12}.
 */
public class MalformedJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * An error.
     *
     * @param problem what is wrong
     * @param offset the character index where it is
     */
    public MalformedJsonException(String problem, int offset) {
        super(problem + ": char " + offset);
        this.offset = offset;
    }

    /** @return the character index of the problem */
    public int offset() {
        return offset;
    }
}
