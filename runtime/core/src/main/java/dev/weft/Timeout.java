package dev.weft;

/**
 * A pending timer of an {@link IOLoop}: what {@link IOLoop#callLater} and {@link IOLoop#callAt}
 * return, to be passed to {@link IOLoop#removeTimeout} (Tornado's timeout handle).
 *
 * <p>Only the loop makes these; do not implement this interface. Thread rules: a handle may be
 * passed between threads freely; {@link IOLoop#removeTimeout} is thread-safe.
 */
public interface Timeout {
    /**
     * When the timer is due.
     *
     * @return the deadline in nanoseconds on the {@link System#nanoTime} clock ({@link IOLoop#time})
     */
    long deadline();
}
