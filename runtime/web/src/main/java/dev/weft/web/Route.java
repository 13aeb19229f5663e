package dev.weft.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an {@link Application}'s routing table (Tornado's {@code URLSpec}): a regular
 * expression matched against the whole request path, and how to make the handler for it.
 *
 * <p>Capturing groups become path arguments: {@code Route.of("/user/([0-9]+)", UserHandler::new)}
 * gives the handler {@code pathArg(0)}; named groups ({@code (?<id>[0-9]+)}) can also be read by
 * name with {@code pathArg("id")}. Path arguments are percent-decoded. The pattern must match the
 * whole path (Tornado appends {@code $}); it is matched against the path still percent-encoded.
 * A route can be {@link #named} so that {@link Application#reverseUrl} builds its URL.
 */
public final class Route {
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Pattern pattern;
    private final Supplier<? extends RequestHandler> factory;
    private final List<String> groupNames;
    // The path itself when the pattern has no metacharacters: matched with equals(), no Matcher.
    private final String literal;
    private final String name;
    // Tornado's _find_groups: the path with %s for each group, or null if it cannot be reversed.
    private final String reversePath;
    private final int groupCount;

    private Route(Pattern pattern, Supplier<? extends RequestHandler> factory, String name) {
        this.pattern = pattern;
        this.name = name;
        this.groupCount = pattern.matcher("").groupCount();
        this.reversePath = reversePath(pattern.pattern(), groupCount);
        this.factory = Objects.requireNonNull(factory, "factory");
        List<String> names = new ArrayList<>();
        Matcher m = GROUP_NAME.matcher(pattern.pattern());
        while (m.find()) {
            names.add(m.group(1));
        }
        this.groupNames = List.copyOf(names);
        String regex = pattern.pattern();
        boolean plain = pattern.flags() == 0;
        for (int i = 0; i < regex.length() && plain; i++) {
            plain = "\\^$.|?*+()[]{}".indexOf(regex.charAt(i)) < 0;
        }
        this.literal = plain ? regex : null;
    }

    /** The path this route matches exactly, or null if it is a real pattern. */
    String literal() {
        return literal;
    }

    /**
     * A route.
     *
     * @param regex the path pattern, for instance {@code "/"} or {@code "/item/([^/]+)"}
     * @param factory makes a new handler for each request, typically {@code MyHandler::new}
     * @return the route
     * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a valid pattern
     */
    public static Route of(String regex, Supplier<? extends RequestHandler> factory) {
        return new Route(Pattern.compile(regex), factory, null);
    }

    /**
     * This route with a name, so that {@link Application#reverseUrl} can build its URL (Tornado's
     * {@code url(pattern, handler, name=...)}).
     *
     * @param name the name
     * @return a new route, the same but named
     */
    public Route named(String name) {
        return new Route(pattern, factory, Objects.requireNonNull(name, "name"));
    }

    /** @return the name, or null */
    public String name() {
        return name;
    }

    /**
     * The path this route matches for {@code args}, one per capturing group (Tornado's
     * {@code URLSpec.reverse}): each argument as text ({@code String.valueOf}), UTF-8 and
     * percent-encoded except letters, digits, {@code _.-~} and {@code /}.
     *
     * @param args the group values
     * @return the path
     * @throws IllegalStateException if the pattern is too complex to reverse (a group that does not
     *     capture, or an escape of a letter or digit)
     * @throws IllegalArgumentException if the number of arguments is not the number of groups
     */
    public String reverse(Object... args) {
        if (reversePath == null) {
            throw new IllegalStateException("Cannot reverse url regex " + pattern.pattern());
        }
        if (args.length != groupCount) {
            throw new IllegalArgumentException("required number of arguments not found");
        }
        StringBuilder sb = new StringBuilder();
        int arg = 0;
        for (int i = 0; i < reversePath.length(); i++) {
            char c = reversePath.charAt(i);
            if (c == '\0') { // stands for a group: a NUL cannot be in a request path
                quote(String.valueOf(args[arg++]), sb);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void quote(String s, StringBuilder sb) {
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
    }

    /** Tornado's {@code _find_groups}, with NUL where Tornado puts {@code %s}. */
    private static String reversePath(String regex, int groups) {
        String p = regex;
        if (p.startsWith("^")) {
            p = p.substring(1);
        }
        if (p.endsWith("$")) {
            p = p.substring(0, p.length() - 1);
        }
        if (groups != p.length() - p.replace("(", "").length()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        String[] fragments = p.split("\\(", -1);
        for (int i = 0; i < fragments.length; i++) {
            String f = fragments[i];
            int close = f.indexOf(')');
            String literal;
            if (close >= 0) {
                sb.append('\0');
                literal = f.substring(close + 1);
            } else {
                literal = f;
            }
            String unescaped = unescape(literal);
            if (unescaped == null) {
                return null;
            }
            sb.append(unescaped);
        }
        return sb.toString();
    }

    /** Tornado's {@code re_unescape}; null where it raises (an escaped letter or digit). */
    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')
                        || (next >= '0' && next <= '9')) {
                    return null;
                }
                sb.append(next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return the path pattern */
    public Pattern pattern() {
        return pattern;
    }

    Supplier<? extends RequestHandler> factory() {
        return factory;
    }

    List<String> groupNames() {
        return groupNames;
    }

    @Override
    public String toString() {
        return "Route[" + pattern.pattern() + "]";
    }
}
