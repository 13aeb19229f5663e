package dev.weft.web;

import java.util.List;
import java.util.Map;

/**
 * The part of Python's {@code str.format} that Tornado's {@link RedirectHandler} URLs use:
 * {@code {}} (the next positional argument), {@code {0}}, {@code {name}}, and {@code {{}} /
 * {@code }}} for literal braces. A null argument reads {@code None}, as Python prints it.
 *
 * <p>Thread rules: stateless; any thread.
 */
final class PyFormat {
    private PyFormat() {
    }

    /**
     * Formats {@code template}.
     *
     * @throws IllegalArgumentException for a missing argument, an unclosed brace, or a
     *     conversion or format spec ({@code {0!r}}, {@code {0:>4}}), which are not supported
     */
    static String format(String template, List<String> args, Map<String, String> kwargs) {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        int auto = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '}') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
                    sb.append('}');
                    i++;
                    continue;
                }
                throw new IllegalArgumentException("Single '}' encountered in format string");
            }
            if (c != '{') {
                sb.append(c);
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
                continue;
            }
            int close = template.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("Single '{' encountered in format string");
            }
            String field = template.substring(i + 1, close);
            String value;
            if (field.isEmpty()) {
                value = positional(args, auto++);
            } else if (field.chars().allMatch(Character::isDigit)) {
                value = positional(args, Integer.parseInt(field));
            } else if (field.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                if (!kwargs.containsKey(field)) {
                    throw new IllegalArgumentException("no URL argument named " + field);
                }
                value = kwargs.get(field);
            } else {
                throw new IllegalArgumentException("unsupported format field {" + field + "}");
            }
            sb.append(value == null ? "None" : value);
            i = close;
        }
        return sb.toString();
    }

    private static String positional(List<String> args, int index) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("Replacement index " + index + " out of range");
        }
        return args.get(index);
    }
}
