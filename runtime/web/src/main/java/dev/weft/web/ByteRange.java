package dev.weft.web;

import dev.weft.http.PyStrings;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * One {@code Range: bytes=...} request as slice bounds (Tornado's {@code _parse_request_range}):
 * {@code bytes=1-2} is {@code [1, 3)}, {@code bytes=6-} is {@code [6, end)}, the suffix
 * {@code bytes=-6} is start {@code -6} (counted from the end), {@code bytes=-0} is end {@code 0}
 * (unsatisfiable). Anything else, including several ranges, is no range at all: RFC 9110 §14.2
 * lets a server ignore a Range it does not understand and send the whole representation.
 *
 * @param start the first index, negative from the end, or null for none
 * @param end one past the last index, or null for none
 */
record ByteRange(Long start, Long end) {
    // Python's int() of an ASCII number: a sign, digits, single underscores between them.
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+(?:_[0-9]+)*");
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE / 2);
    private static final BigInteger MIN = MAX.negate();

    /**
     * Parses a Range header.
     *
     * @param header the header's value
     * @return the range, or null if there is none to honour
     */
    static ByteRange parse(String header) {
        int eq = header.indexOf('=');
        String unit = PyStrings.strip(eq < 0 ? header : header.substring(0, eq));
        String value = eq < 0 ? "" : PyStrings.strip(header.substring(eq + 1));
        if (!unit.equals("bytes")) {
            return null;
        }
        int dash = value.indexOf('-');
        Long start;
        Long end;
        try {
            start = intOrNull(dash < 0 ? value : value.substring(0, dash));
            end = intOrNull(dash < 0 ? "" : value.substring(dash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (end != null) {
            if (start == null) {
                if (end != 0) {
                    start = -end;
                    end = null;
                }
            } else {
                end = end + 1;
            }
        }
        return new ByteRange(start, end);
    }

    /** Python's {@code int()} of a stripped field, clamped far beyond any file size. */
    private static Long intOrNull(String field) {
        String s = PyStrings.strip(field);
        if (s.isEmpty()) {
            return null;
        }
        if (!INTEGER.matcher(s).matches()) {
            throw new NumberFormatException(s);
        }
        BigInteger n = new BigInteger(s.replace("_", ""));
        return n.max(MIN).min(MAX).longValue();
    }
}
