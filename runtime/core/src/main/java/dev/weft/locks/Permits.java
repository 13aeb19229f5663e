package dev.weft.locks;

import dev.weft.Future;
import dev.weft.internal.QueuedWaiter;
import dev.weft.internal.WaiterLine;
import java.time.Duration;

/**
 * A count of permits and the line of those waiting for one: the one rule behind {@link Semaphore}
 * and {@link Lock}. An acquire takes a permit at once if one is free (then nobody is waiting);
 * otherwise it joins the end of the line. A release hands its permit straight to the first waiter
 * still pending, so that a newcomer can never overtake the line.
 */
final class Permits {
    private final Releasable owner;
    private final WaiterLine<QueuedWaiter<Releaser>> line;
    private int value;

    Permits(int value, Releasable owner, String description) {
        this.value = value;
        this.owner = owner;
        this.line = new WaiterLine<>(description);
    }

    int value() {
        return value;
    }

    int waiting() {
        return line.size();
    }

    Future<Releaser> acquire(Duration timeout) {
        if (value > 0) {
            value--;
            return Future.completed(new OnceReleaser(owner));
        }
        QueuedWaiter<Releaser> waiter = new QueuedWaiter<>(line) {
            @Override
            protected void giveBack(Releaser unused) {
                unused.close();
            }
        };
        line.add(waiter);
        waiter.expireAfter(timeout);
        return waiter;
    }

    void release() {
        QueuedWaiter<Releaser> next = line.poll();
        if (next == null) {
            value++;
        } else {
            next.serve(new OnceReleaser(owner));
        }
    }
}
