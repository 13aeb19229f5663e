package dev.weft.fuzz;

/** The unchecked exception that fuzzed programs throw, catch and have thrown into them. */
public class FuzzRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FuzzRuntimeException(String message) {
        super(message);
    }
}
