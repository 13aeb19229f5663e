package dev.weft.queues;

import java.util.StringJoiner;

/** First in, first out, on a ring buffer (an {@link java.util.ArrayDeque} refuses null items). */
final class FifoStore<T> extends ItemStore<T> {
    private Object[] items = new Object[8];
    private int head;
    private int size;

    @Override
    void add(T item) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & (items.length - 1)] = item;
        size++;
    }

    @Override
    @SuppressWarnings("unchecked")
    T remove() {
        T item = (T) items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return item;
    }

    @Override
    int size() {
        return size;
    }

    private void grow() {
        Object[] bigger = new Object[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) & (items.length - 1)];
        }
        items = bigger;
        head = 0;
    }

    @Override
    String describe() {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < size; i++) {
            j.add(String.valueOf(items[(head + i) & (items.length - 1)]));
        }
        return j.toString();
    }
}
