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
 */
public final class Route {
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Pattern pattern;
    private final Supplier<? extends RequestHandler> factory;
    private final List<String> groupNames;
    // The path itself when the pattern has no metacharacters: matched with equals(), no Matcher.
    private final String literal;

    private Route(Pattern pattern, Supplier<? extends RequestHandler> factory) {
        this.pattern = pattern;
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
        return new Route(Pattern.compile(regex), factory);
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
