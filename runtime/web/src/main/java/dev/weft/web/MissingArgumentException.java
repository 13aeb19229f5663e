package dev.weft.web;

/**
 * A required argument is missing from the request: {@link RequestHandler#getArgument(String)}
 * without a default (Tornado's {@code MissingArgumentError}); answered with 400.
 */
public class MissingArgumentException extends HttpError {
    private static final long serialVersionUID = 1L;
    private final String argName;

    /**
     * A missing argument.
     *
     * @param argName its name
     */
    public MissingArgumentException(String argName) {
        super(400, "Missing argument " + argName);
        this.argName = argName;
    }

    /** @return the name of the missing argument */
    public String argName() {
        return argName;
    }
}
