package dev.weft.sql;

import dev.weft.IOLoop;

/**
 * Where to deliver a result: the {@link IOLoop} the caller was on when it made the call, so that
 * callbacks and resumed coroutines run on the loop thread as Tornado users expect. A caller
 * without a loop gets its result on the worker thread that produced it, since there is nowhere
 * better to run it and no loop would ever run a queued callback.
 */
final class CallerLoop {
    private final IOLoop loop;

    private CallerLoop(IOLoop loop) {
        this.loop = loop;
    }

    /** Captures the calling thread's loop, if it has one; never creates one. */
    static CallerLoop capture() {
        return new CallerLoop(IOLoop.currentOrNull());
    }

    /** Runs {@code delivery} on the captured loop, or here if there was none. */
    void run(Runnable delivery) {
        if (loop == null) {
            delivery.run();
        } else {
            loop.addCallback(delivery);
        }
    }
}
