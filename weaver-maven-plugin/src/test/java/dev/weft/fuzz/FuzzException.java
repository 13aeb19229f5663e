package dev.weft.fuzz;

/** The checked exception that fuzzed programs throw, catch and have thrown into them. */
public class FuzzException extends Exception {
    private static final long serialVersionUID = 1L;

    public FuzzException(String message) {
        super(message);
    }
}
