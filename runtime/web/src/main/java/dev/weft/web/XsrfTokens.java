package dev.weft.web;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * XSRF tokens in Tornado's formats. The raw token is 16 random bytes kept in the {@code _xsrf}
 * cookie; pages carry it masked (version 2, {@code 2|<mask>|<token xor mask>|<timestamp>}, all
 * hexadecimal but the time), with a new mask for every response, so that compression cannot
 * leak it (BREACH). Version 1, the bare hexadecimal token, is still read.
 */
final class XsrfTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VERSIONED = Pattern.compile("([1-9][0-9]*)\\|.*", Pattern.DOTALL);

    /** A token read from a cookie or a form: its version (0 if new), raw bytes and time. */
    record Raw(int version, byte[] token, long timestamp) {
    }

    private XsrfTokens() {
    }

    /** A new raw token, made now. */
    static Raw fresh() {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        return new Raw(0, token, System.currentTimeMillis() / 1000);
    }

    /** The masked version-2 form of a raw token, with a new random mask. */
    static String mask(Raw raw) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        HexFormat hex = HexFormat.of();
        return "2|" + hex.formatHex(mask) + "|" + hex.formatHex(xor(mask, raw.token())) + "|" + raw.timestamp();
    }

    /**
     * A cookie's or form's token in either version (Tornado's {@code _decode_xsrf_token}), or
     * null if it is malformed or of an unknown version.
     */
    static Raw decode(String value) {
        if (VERSIONED.matcher(value).matches()) {
            String[] parts = value.split("\\|", -1);
            if (!parts[0].equals("2") || parts.length != 4) {
                return null;
            }
            try {
                byte[] mask = HexFormat.of().parseHex(parts[1]);
                byte[] masked = HexFormat.of().parseHex(parts[2]);
                if (mask.length != 4) {
                    return null;
                }
                return new Raw(2, xor(mask, masked), Long.parseLong(parts[3]));
            } catch (IllegalArgumentException e) { // NumberFormatException included
                return null;
            }
        }
        byte[] token;
        try {
            token = HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            token = value.getBytes(StandardCharsets.UTF_8); // Tornado takes a non-hex v1 token as is
        }
        return new Raw(1, token, System.currentTimeMillis() / 1000);
    }

    private static byte[] xor(byte[] mask, byte[] data) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ mask[i % 4]);
        }
        return out;
    }
}
