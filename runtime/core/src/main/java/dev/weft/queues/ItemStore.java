package dev.weft.queues;

/**
 * Where a {@link Queue} keeps its items, and so in which order they come out: Tornado's
 * {@code _init}/{@code _put}/{@code _get} hooks. Items may be null.
 *
 * @param <T> the item type
 */
abstract class ItemStore<T> {
    abstract void add(T item);

    /** Removes and returns the next item; only called when {@link #size()} is positive. */
    abstract T remove();

    abstract int size();

    /** The items in the order they would come out, for {@code toString}. */
    abstract String describe();
}
