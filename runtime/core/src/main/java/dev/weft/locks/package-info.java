/**
 * Coordination of coroutines on one {@link dev.weft.IOLoop}: Tornado's {@code tornado.locks}.
 *
 * <p>{@link dev.weft.locks.Lock}, {@link dev.weft.locks.Semaphore},
 * {@link dev.weft.locks.BoundedSemaphore}, {@link dev.weft.locks.Condition} and
 * {@link dev.weft.locks.Event} return futures to {@code Co.await}; an acquisition completes with a
 * {@link dev.weft.locks.Releaser} for try-with-resources.
 *
 * <p>The rules they share:
 * <ul>
 *   <li>Loop-bound, like Tornado's: use an object from one loop's thread only; its futures
 *       complete there. They are not thread-safe and need no monitors.</li>
 *   <li>A release, {@code set()} or {@code signal()} completes the waiter's future before it
 *       returns; the coroutine that awaits it resumes later, through its loop.</li>
 *   <li>Waiters are served first come, first served; {@code Event.set()} wakes all.</li>
 *   <li>A timed wait fails with {@link java.util.concurrent.TimeoutException}, except
 *       {@code Condition.waitAsync}, which completes with {@code false}; a {@code null} timeout
 *       means none, and a zero or negative one waits only for the next loop iteration (Tornado
 *       treats a zero timeout as none). A waiter that timed out or whose future was cancelled
 *       leaves the line and never receives the lock, a permit or a signal.</li>
 * </ul>
 */
package dev.weft.locks;
