package dev.weft.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Entity tags in {@code If-None-Match}, found as Tornado finds them: every {@code *},
 * {@code "..."} or {@code W/"..."} in the field, left to right, whatever lies between (Tornado's
 * {@code re.findall(r'\*|(?:W/)?"[^"]*"')}), so a malformed list still yields the tags in it and
 * never an error.
 *
 * <p>Thread rules: stateless; any thread.
 */
final class EntityTags {
    private EntityTags() {
    }

    /** The tags of {@code field}, in order. */
    static List<String> find(String field) {
        List<String> tags = new ArrayList<>(2);
        int i = 0;
        while (i < field.length()) {
            char c = field.charAt(i);
            if (c == '*') {
                tags.add("*");
                i++;
                continue;
            }
            int open = c == '"' ? i : field.startsWith("W/\"", i) ? i + 2 : -1;
            if (open >= 0) {
                int close = field.indexOf('"', open + 1);
                if (close >= 0) {
                    tags.add(field.substring(i, close + 1));
                    i = close + 1;
                    continue;
                }
            }
            i++;
        }
        return tags;
    }

    /** The tag without its weakness prefix, for weak comparison (RFC 9110 §8.8.3.2). */
    static String weak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
