/**
 * Queues for coroutines on one {@link dev.weft.IOLoop}: Tornado's {@code tornado.queues}.
 *
 * <p>{@link dev.weft.queues.Queue} (first in, first out), {@link dev.weft.queues.PriorityQueue}
 * (least first) and {@link dev.weft.queues.LifoQueue} (last in, first out), bounded or not, with
 * awaitable {@code put}/{@code get}, their {@code Nowait} forms, and {@code taskDone}/{@code join}
 * to wait until every item has been dealt with. They follow the rules of {@link dev.weft.locks}:
 * loop-bound, waiters served in the order they came, the waiter's future completed before the
 * serving call returns, timeouts failing with {@link java.util.concurrent.TimeoutException}, and a
 * cancelled or timed-out waiter leaving the line without an item.
 */
package dev.weft.queues;
