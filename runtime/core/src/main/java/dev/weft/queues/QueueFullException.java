package dev.weft.queues;

/**
 * Thrown by {@link Queue#putNowait} when a bounded queue is full (Tornado's {@code QueueFull}).
 * Unchecked, and an {@link IllegalStateException} as {@link java.util.Queue#add}'s is.
 */
public class QueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** With a message saying the queue was full. */
    public QueueFullException() {
        super("the queue is full");
    }

    /**
     * With a message saying how full the queue was.
     *
     * @param maxSize the queue's bound
     */
    public QueueFullException(int maxSize) {
        super("the queue is full (maxSize " + maxSize + ")");
    }
}
