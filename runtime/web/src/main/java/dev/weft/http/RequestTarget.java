package dev.weft.http;

import java.util.List;

/**
 * The request target's four forms and the {@code Host} header that goes with them (RFC 9112
 * §3.2-§3.3, RFC 3986 §3.2.2-§3.2.3).
 *
 * <ul>
 *   <li>origin-form, {@code /path?query}: for every method;
 *   <li>absolute-form, {@code http://host/path?query}: accepted for every method, as §3.2.2
 *       requires (Tornado routes it as a path and answers 404). The request is then served as
 *       its origin-form, and the target's authority replaces the {@code Host} header, which a
 *       server MUST ignore in that case;
 *   <li>authority-form, {@code host:port}: only for {@code CONNECT};
 *   <li>asterisk-form, {@code *}: only for {@code OPTIONS}.
 * </ul>
 *
 * Anything else is 400, as is a {@code Host} header that is missing from an HTTP/1.1 request,
 * repeated, or not a {@code uri-host [":" port]}: a space, a port that is not digits, a
 * {@code /}, userinfo ({@code @}), a list ({@code ,}) or an unclosed {@code [} (RFC 9112 §3.2
 * MUST; Tornado accepts them all). An empty Host is valid (RFC 9110 §7.2).
 */
final class RequestTarget {
    private RequestTarget() {
    }

    /**
     * Checks {@code target} and the Host header; returns the target the request is served as.
     *
     * @throws HttpParseException with status 400 for an invalid target or Host
     */
    static String resolve(String method, String target, String version, HttpHeaders headers)
            throws HttpParseException {
        if (target.isEmpty()) {
            throw new HttpParseException(400, "empty request target");
        }
        // Raw octets 0x80-0xff pass, as in Tornado, read as ISO-8859-1 chars: strictly they are
        // not URI characters (RFC 9112 §3.2 asks a 400 only as a SHOULD), but clients send them.
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw new HttpParseException(400, "invalid character in request target");
            }
        }
        List<String> hosts = headers.getAll("Host");
        if (hosts.size() > 1 || (hosts.isEmpty() && version.equals("HTTP/1.1"))) {
            throw new HttpParseException(400, "missing or repeated Host");
        }
        if (!hosts.isEmpty() && !isHost(hosts.get(0), 0, hosts.get(0).length(), false)) {
            throw new HttpParseException(400, "invalid Host");
        }
        boolean connect = method.equals("CONNECT");
        if (target.charAt(0) == '/' && !connect) {
            return target;
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw new HttpParseException(400, "asterisk-form target outside OPTIONS");
            }
            return target;
        }
        if (connect) {
            if (!isHost(target, 0, target.length(), true)) {
                throw new HttpParseException(400, "CONNECT needs an authority-form target");
            }
            return target;
        }
        int authority = schemeEnd(target);
        if (authority < 0) {
            throw new HttpParseException(400, isHost(target, 0, target.length(), true)
                    ? "authority-form target outside CONNECT" : "malformed request target");
        }
        int end = authority;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?'
                && target.charAt(end) != '#') {
            end++;
        }
        if (end == authority || !isHost(target, authority, end, false)) {
            throw new HttpParseException(400, "invalid authority in absolute-form target");
        }
        headers.set("Host", target.substring(authority, end));
        String rest = target.substring(end);
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }

    /**
     * Where the authority begins if {@code target} starts with {@code scheme "://"}, else -1
     * (RFC 3986 §3.1: a letter, then letters, digits, {@code + - .}).
     */
    private static int schemeEnd(String target) {
        int i = 0;
        while (i < target.length() && isSchemeChar(target.charAt(i), i == 0)) {
            i++;
        }
        return i > 0 && target.startsWith("://", i) ? i + 3 : -1;
    }

    private static boolean isSchemeChar(char c, boolean first) {
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        return letter || (!first && (HttpSyntax.isDigit(c) || c == '+' || c == '-' || c == '.'));
    }

    /**
     * Whether {@code s[from, to)} is {@code uri-host [":" port]} with a port of digits, which
     * {@code portRequired} makes mandatory (authority-form). A comma, although RFC 3986 allows it
     * in a reg-name, is refused: in a Host header it is a list, which §3.2 forbids.
     */
    static boolean isHost(String s, int from, int to, boolean portRequired) {
        int hostEnd;
        if (from < to && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to || !isIpLiteral(s, from + 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = from;
            while (hostEnd < to && s.charAt(hostEnd) != ':') {
                hostEnd++;
            }
            if (!isRegName(s, from, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == to) {
            return !portRequired;
        }
        if (s.charAt(hostEnd) != ':') {
            return false;
        }
        // port = *DIGIT: empty is allowed, except where a port is required.
        return HttpSyntax.isDigits(s, hostEnd + 1, to) || (!portRequired && hostEnd + 1 == to);
    }

    /** reg-name: unreserved, pct-encoded and sub-delims (but a comma), as IPv4 is too. */
    private static boolean isRegName(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || HttpSyntax.hexValue(s.charAt(i + 1)) < 0
                        || HttpSyntax.hexValue(s.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && "!$&'()*+;=".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || HttpSyntax.isDigit(c)
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** IPv6address (hex digits, colons, a dotted IPv4 tail) or IPvFuture, between the brackets. */
    private static boolean isIpLiteral(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        if (s.charAt(from) == 'v' || s.charAt(from) == 'V') {
            int dot = s.indexOf('.', from);
            if (dot < 0 || dot >= to - 1 || dot == from + 1) {
                return false;
            }
            for (int i = from + 1; i < dot; i++) {
                if (HttpSyntax.hexValue(s.charAt(i)) < 0) {
                    return false;
                }
            }
            for (int i = dot + 1; i < to; i++) {
                char c = s.charAt(i);
                if (!isUnreserved(c) && c != ':' && "!$&'()*+,;=".indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }
        boolean colon = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            colon |= c == ':';
            if (c != ':' && c != '.' && HttpSyntax.hexValue(c) < 0) {
                return false;
            }
        }
        return colon;
    }
}
