package dev.weft.fuzz;

/** An {@link Error} (not an {@link Exception}) that fuzzed programs throw and catch. */
public class FuzzError extends Error {
    private static final long serialVersionUID = 1L;

    public FuzzError(String message) {
        super(message);
    }
}
