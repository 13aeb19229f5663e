package dev.weft.queues;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item (Tornado's {@code QueueEmpty}).
 * Unchecked, and a {@link NoSuchElementException} as {@link java.util.Queue#remove()}'s is.
 */
public class QueueEmptyException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** With a message saying the queue was empty. */
    public QueueEmptyException() {
        super("the queue is empty");
    }
}
