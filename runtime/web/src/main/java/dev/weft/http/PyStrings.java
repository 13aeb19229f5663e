package dev.weft.http;

/**
 * Python's notion of whitespace, for the places where Tornado calls {@code str.strip()} and weft
 * must trim exactly the same characters (Java's {@code String.strip()} keeps U+0085, U+00A0,
 * U+2007 and U+202F, which Python removes).
 *
 * <p>Thread rules: stateless; any thread.
 */
public final class PyStrings {
    private PyStrings() {
    }

    /**
     * Whether Python's {@code str.isspace()} holds for {@code c}.
     *
     * @param c a character
     * @return true for Python whitespace
     */
    public static boolean isSpace(char c) {
        if (c <= 0x20) {
            return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
        }
        if (c < 0x85) {
            return false;
        }
        return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    /**
     * Python's {@code s.strip()}: removes Python whitespace at both ends.
     *
     * @param s the text
     * @return the stripped text ({@code s} itself if nothing was removed)
     */
    public static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }
}
