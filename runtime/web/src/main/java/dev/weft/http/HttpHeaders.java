package dev.weft.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names are case-insensitive, a name may have several values, and fields
 * keep the order in which they were added (Tornado's {@code HTTPHeaders}).
 *
 * <p>Stored as a flat list of name-value pairs searched linearly: a message has a handful of
 * fields (at most {@link HttpServerOptions#maxHeaderCount()} when received), and this needs no
 * lower-cased copy of every name looked up, which a hash map would.
 *
 * <p>Thread rules: not thread-safe; used on one loop thread.
 */
public final class HttpHeaders {
    private String[] names = new String[8];
    private String[] values = new String[8];
    private int count;

    /** No headers. */
    public HttpHeaders() {
    }

    /**
     * Adds a value, keeping the values already there.
     *
     * @param name the field name
     * @param value the value
     */
    public void add(String name, String value) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name;
        values[count] = value;
        count++;
    }

    /**
     * Replaces every value of {@code name} with {@code value}.
     *
     * @param name the field name
     * @param value the value
     */
    public void set(String name, String value) {
        int i = indexOf(name, 0);
        if (i < 0) {
            add(name, value);
            return;
        }
        // Keep the field where it was; drop any later duplicates.
        values[i] = value;
        int next = indexOf(name, i + 1);
        while (next >= 0) {
            removeAt(next);
            next = indexOf(name, next);
        }
    }

    /**
     * Removes every value of {@code name}.
     *
     * @param name the field name
     * @return whether there was one
     */
    public boolean remove(String name) {
        boolean any = false;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i)) {
            removeAt(i);
            any = true;
        }
        return any;
    }

    private void removeAt(int i) {
        System.arraycopy(names, i + 1, names, i, count - i - 1);
        System.arraycopy(values, i + 1, values, i, count - i - 1);
        count--;
        names[count] = null;
        values[count] = null;
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of {@code name}; a field that occurs several times reads as its values joined by
     * commas, in order, as Tornado's {@code headers[name]} does ({@code a,b}): for a list-valued
     * field the same meaning (RFC 9110 §5.3). {@link #getAll} gives the values one by one.
     *
     * @param name the field name
     * @return the value, or null if absent
     */
    public String get(String name) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return null;
        }
        int j = indexOf(name, i + 1);
        if (j < 0) {
            return values[i];
        }
        StringBuilder joined = new StringBuilder(values[i]);
        for (; j >= 0; j = indexOf(name, j + 1)) {
            joined.append(',').append(values[j]);
        }
        return joined.toString();
    }

    /**
     * Every value of {@code name}, in the order added.
     *
     * @param name the field name
     * @return an unmodifiable list, empty if absent
     */
    public List<String> getAll(String name) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return List.of();
        }
        int j = indexOf(name, i + 1);
        if (j < 0) {
            return List.of(values[i]);
        }
        List<String> all = new ArrayList<>(3);
        all.add(values[i]);
        for (; j >= 0; j = indexOf(name, j + 1)) {
            all.add(values[j]);
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Whether {@code name} has a value.
     *
     * @param name the field name
     * @return true if present
     */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /**
     * The names, lower-cased, in the order first added.
     *
     * @return an unmodifiable set
     */
    public Set<String> names() {
        Set<String> s = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            s.add(names[i].toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(s);
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
     * Calls {@code action} with every name (as added) and value, in order.
     *
     * @param action what to do
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < count; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /** The name of the {@code i}-th pair, for iterating without a lambda on hot paths. */
    String nameAt(int i) {
        return names[i];
    }

    /** The value of the {@code i}-th pair. */
    String valueAt(int i) {
        return values[i];
    }

    /** Replaces the value of the {@code i}-th pair (a folded line continues it). */
    void setValueAt(int i, String value) {
        values[i] = value;
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
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            String v = values[i];
            if (v.equalsIgnoreCase(token)) {
                return true; // the usual field: just the one token, no spaces
            }
            // Each comma-separated part, trimmed, without splitting: asked of every request.
            for (int start = 0; start <= v.length();) {
                int comma = v.indexOf(',', start);
                int end = comma < 0 ? v.length() : comma;
                int to = HttpSyntax.trimOwsEnd(v, start, end);
                int from = HttpSyntax.skipOws(v, start, to);
                if (to - from == token.length() && v.regionMatches(true, from, token, 0, to - from)) {
                    return true;
                }
                start = end + 1;
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
        for (int i = 0; i < count; i++) {
            m.computeIfAbsent(names[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(values[i]);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return m;
    }
}
