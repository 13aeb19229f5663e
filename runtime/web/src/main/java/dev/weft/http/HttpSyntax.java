package dev.weft.http;

/**
 * HTTP's character rules (RFC 9110 §5.6): tokens, field values, optional whitespace and hex
 * digits. This is the one place they are written; the parser, the response writer and the web
 * framework all ask here.
 *
 * <p>Received text is ISO-8859-1, one char per octet. Text to be sent may hold chars above
 * {@code 0xff}: a field value allows them (the response writer sends them as UTF-8, as Tornado
 * sends the bytes of a value given as bytes), a token never.
 *
 * <p>Thread rules: stateless, safe from any thread.
 */
public final class HttpSyntax {
    private HttpSyntax() {
    }

    // By octet: one table lookup per character on the hot paths.
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    /**
     * Whether {@code c} is a {@code tchar}: a letter, a digit or one of {@code !#$%&'*+-.^_`|~}.
     *
     * @param c the character
     * @return true for a token character
     */
    public static boolean isTokenChar(char c) {
        return c < 128 && TCHAR[c];
    }

    /**
     * Whether {@code s} is a {@code token}: one or more {@code tchar} (method names, header
     * names, transfer codings, cookie names).
     *
     * @param s the text
     * @return true for a token
     */
    public static boolean isToken(String s) {
        return isToken(s, 0, s.length());
    }

    /**
     * Whether {@code s[from, to)} is a token, without copying it out.
     *
     * @param s the text
     * @param from the first index
     * @param to the index after the last
     * @return true for a token
     */
    public static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code c} may appear in a field value or a reason phrase: anything but a control
     * character other than horizontal tab (so visible characters, obs-text, space and tab). CR
     * and LF would end the field; NUL and the others are refused too (RFC 9110 §5.5).
     *
     * @param c the character
     * @return true if allowed
     */
    public static boolean isFieldValueChar(char c) {
        return c >= 0x20 ? c != 0x7f : c == '\t';
    }

    /**
     * Whether every character of {@code s[from, to)} may appear in a field value.
     *
     * @param s the text
     * @param from the first index
     * @param to the index after the last
     * @return true if allowed (also when empty)
     */
    public static boolean isFieldValue(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isFieldValueChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every character of {@code s} may appear in a field value.
     *
     * @param s the text
     * @return true if allowed (also when empty)
     */
    public static boolean isFieldValue(String s) {
        return isFieldValue(s, 0, s.length());
    }

    /**
     * Whether {@code c} is optional whitespace ({@code OWS}): a space or a horizontal tab.
     *
     * @param c the character
     * @return true for SP or HTAB
     */
    public static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The index of the first character of {@code s[from, to)} that is not OWS.
     *
     * @param s the text
     * @param from the first index
     * @param to the index after the last
     * @return the index, {@code to} if all of it is whitespace
     */
    public static int skipOws(String s, int from, int to) {
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /**
     * The index after the last character of {@code s[from, to)} that is not OWS.
     *
     * @param s the text
     * @param from the first index
     * @param to the index after the last
     * @return the index, {@code from} if all of it is whitespace
     */
    public static int trimOwsEnd(String s, int from, int to) {
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /**
     * {@code s} without leading and trailing OWS. Unlike {@link String#trim()}, other control
     * characters are kept, so that a value check still sees them.
     *
     * @param s the text
     * @return the trimmed text ({@code s} itself if nothing was trimmed)
     */
    public static String trimOws(String s) {
        int to = trimOwsEnd(s, 0, s.length());
        int from = skipOws(s, 0, to);
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    /**
     * The value of a hex digit.
     *
     * @param c the character
     * @return 0-15, or -1 if {@code c} is not a hex digit
     */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Whether {@code c} is an ASCII decimal digit (not any Unicode digit).
     *
     * @param c the character
     * @return true for 0-9
     */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Whether {@code s[from, to)} is one or more ASCII decimal digits.
     *
     * @param s the text
     * @param from the first index
     * @param to the index after the last
     * @return true for digits only
     */
    public static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
