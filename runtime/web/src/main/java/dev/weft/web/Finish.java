package dev.weft.web;

/**
 * Thrown from a {@link RequestHandler} to end the request without an error page (Tornado's
 * {@code tornado.web.Finish}): the response is finished as it stands, after writing the chunk
 * given here, if any. Nothing is logged.
 *
 * <pre>{@code
 * if (user == null) {
 *     setStatus(401);
 *     setHeader("WWW-Authenticate", "Basic realm=\"something\"");
 *     throw new Finish();
 * }
 * }</pre>
 */
public class Finish extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String chunk;

    /** Ends the request with what is written so far. */
    public Finish() {
        this(null);
    }

    /**
     * Writes {@code chunk}, then ends the request (Tornado's {@code Finish(chunk)}).
     *
     * @param chunk text to write first, or null
     */
    public Finish(CharSequence chunk) {
        super(null, null, false, false);
        this.chunk = chunk == null ? null : chunk.toString();
    }

    /** @return the text to write before finishing, or null */
    public String chunk() {
        return chunk;
    }
}
