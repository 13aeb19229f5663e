package dev.weft.queues;

import dev.weft.internal.QueuedWaiter;
import dev.weft.internal.WaiterLine;

/** A {@code put} waiting for room, with the item it will put (Tornado's {@code (item, future)}). */
final class Putter<T> extends QueuedWaiter<Void> {
    final T item;

    Putter(WaiterLine<?> line, T item) {
        super(line);
        this.item = item;
    }
}
