package dev.weft.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names are case-insensitive, a name may have several values, and the order
 * in which names were first added is kept (Tornado's {@code HTTPHeaders}).
 *
 * <p>Thread rules: not thread-safe; used on one loop thread.
 */
public final class HttpHeaders {
    private static final class Field {
        final String name; // as first added
        final List<String> values = new ArrayList<>(1);

        Field(String name) {
            this.name = name;
        }
    }

    private final LinkedHashMap<String, Field> fields = new LinkedHashMap<>();
    private int count;

    /** No headers. */
    public HttpHeaders() {
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Adds a value, keeping the values already there.
     *
     * @param name the field name
     * @param value the value
     */
    public void add(String name, String value) {
        fields.computeIfAbsent(key(name), k -> new Field(name)).values.add(value);
        count++;
    }

    /**
     * Replaces every value of {@code name} with {@code value}.
     *
     * @param name the field name
     * @param value the value
     */
    public void set(String name, String value) {
        remove(name);
        add(name, value);
    }

    /**
     * Removes every value of {@code name}.
     *
     * @param name the field name
     * @return whether there was one
     */
    public boolean remove(String name) {
        Field f = fields.remove(key(name));
        if (f != null) {
            count -= f.values.size();
        }
        return f != null;
    }

    /**
     * The first value of {@code name}.
     *
     * @param name the field name
     * @return the value, or null if absent
     */
    public String get(String name) {
        Field f = fields.get(key(name));
        return f == null ? null : f.values.get(0);
    }

    /**
     * Every value of {@code name}, in the order added.
     *
     * @param name the field name
     * @return an unmodifiable list, empty if absent
     */
    public List<String> getAll(String name) {
        Field f = fields.get(key(name));
        return f == null ? List.of() : Collections.unmodifiableList(f.values);
    }

    /**
     * Whether {@code name} has a value.
     *
     * @param name the field name
     * @return true if present
     */
    public boolean contains(String name) {
        return fields.containsKey(key(name));
    }

    /**
     * The names, lower-cased, in the order first added.
     *
     * @return an unmodifiable view
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    /**
     * The number of name-value pairs.
     *
     * @return the count
     */
    public int size() {
        return count;
    }

    /**
     * Calls {@code action} with every name (as first added) and value, in order.
     *
     * @param action what to do
     */
    public void forEach(BiConsumer<String, String> action) {
        for (Field f : fields.values()) {
            for (String v : f.values) {
                action.accept(f.name, v);
            }
        }
    }

    /**
     * Whether a comma-separated header such as {@code Connection} lists {@code token}
     * (case-insensitively).
     *
     * @param name the field name
     * @param token the token
     * @return true if any value lists it
     */
    public boolean hasToken(String name, String token) {
        for (String v : getAll(name)) {
            for (String part : v.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    /**
     * A copy as a map from lower-cased name to values.
     *
     * @return a new map
     */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        fields.forEach((k, f) -> m.put(k, List.copyOf(f.values)));
        return m;
    }
}
