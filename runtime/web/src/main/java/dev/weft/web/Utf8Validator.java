package dev.weft.web;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629) as they arrive, in pieces: a WebSocket text
 * message may be split anywhere across its fragments, even inside a character, and RFC 6455 §8.1
 * wants it refused as soon as it cannot be valid, not only at its end.
 *
 * <p>Refused, as RFC 3629 says: overlong forms, surrogates (U+D800-U+DFFF), anything above
 * U+10FFFF, stray continuation bytes and truncated sequences.
 *
 * <p>Thread rules: one validator per message being read, on its connection's thread.
 */
final class Utf8Validator {
    private int needed; // continuation bytes still expected in the current character
    private int low = 0x80; // the range the next continuation byte must lie in
    private int high = 0xBF;

    /**
     * Feeds {@code data[from, to)}.
     *
     * @return false as soon as the bytes so far cannot begin valid UTF-8
     */
    boolean feed(byte[] data, int from, int to) {
        int n = needed;
        int lo = low;
        int hi = high;
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xFF;
            if (n == 0) {
                if (b < 0x80) {
                    continue;
                }
                lo = 0x80;
                hi = 0xBF;
                if (b >= 0xC2 && b <= 0xDF) {
                    n = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    n = 2;
                    if (b == 0xE0) {
                        lo = 0xA0; // below is an overlong 2-byte form
                    } else if (b == 0xED) {
                        hi = 0x9F; // above are the surrogates
                    }
                } else if (b >= 0xF0 && b <= 0xF4) {
                    n = 3;
                    if (b == 0xF0) {
                        lo = 0x90; // below is an overlong 3-byte form
                    } else if (b == 0xF4) {
                        hi = 0x8F; // above is past U+10FFFF
                    }
                } else {
                    return false; // a continuation byte, C0/C1 (overlong), or F5-FF
                }
            } else {
                if (b < lo || b > hi) {
                    return false;
                }
                lo = 0x80;
                hi = 0xBF;
                n--;
            }
        }
        needed = n;
        low = lo;
        high = hi;
        return true;
    }

    /** @return whether the bytes fed so far end on a character boundary */
    boolean complete() {
        return needed == 0;
    }

    /** @return whether {@code data} as a whole is valid UTF-8 */
    static boolean isValid(byte[] data) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(data, 0, data.length) && v.complete();
    }
}
