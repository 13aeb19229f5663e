package dev.weft.locks;

/**
 * What {@link Lock#acquire()} and {@link Semaphore#acquire()} complete with: closing it releases
 * what was acquired, so that try-with-resources is Tornado's {@code async with lock:}.
 *
 * <pre>{@code
 * try (Releaser held = Co.await(lock.acquire())) {
 *     // the lock is held here
 * }                                         // and released here, even on an exception
 * }</pre>
 *
 * <p>Thread rules: the lock's; close it on the loop thread that acquired it.
 */
public interface Releaser extends AutoCloseable {
    /** The first call releases what was acquired; later calls do nothing. */
    @Override
    void close();
}
