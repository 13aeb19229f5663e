package dev.weft.queues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Last in, first out. */
final class LifoStore<T> extends ItemStore<T> {
    private final ArrayList<T> items = new ArrayList<>();

    @Override
    void add(T item) {
        items.add(item);
    }

    @Override
    T remove() {
        return items.remove(items.size() - 1);
    }

    @Override
    int size() {
        return items.size();
    }

    @Override
    String describe() {
        List<T> outOrder = new ArrayList<>(items);
        Collections.reverse(outOrder);
        return outOrder.toString();
    }
}
