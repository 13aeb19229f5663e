package dev.weft.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, timestamped values (Tornado's {@code create_signed_value} and
 * {@code decode_signed_value}), in Tornado's formats so that weft and Tornado sharing a secret
 * read each other's cookies.
 *
 * <p>Version 2, which weft writes: {@code 2|1:0|10:<timestamp>|<n>:<name>|<n>:<base64 value>|}
 * followed by the hexadecimal HMAC-SHA256 of everything before it; each field is its length, a
 * colon and itself. Version 1 ({@code <base64 value>|<timestamp>|<HMAC-SHA1 of name, value and
 * timestamp>}) is still read, as Tornado reads it by default.
 */
final class SignedValues {
    private static final Pattern VERSIONED = Pattern.compile("([1-9][0-9]*)\\|.*", Pattern.DOTALL);
    private static final Pattern V1_TIMESTAMP = Pattern.compile("[0-9]+");

    private SignedValues() {
    }

    /**
     * Signs {@code value} under {@code name} at {@code nowSeconds}, in version 2.
     *
     * @return the signed value, ASCII only
     */
    static String create(String secret, String name, byte[] value, long nowSeconds) {
        String encoded = Base64.getEncoder().encodeToString(value);
        String timestamp = Long.toString(nowSeconds);
        String toSign = "2|" + field("0") + field(timestamp) + field(name) + field(encoded);
        return toSign + hmacHex("HmacSHA256", secret, toSign);
    }

    // Lengths count bytes, as Tornado's utf8() strings do.
    private static String field(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + ":" + s + "|";
    }

    /**
     * The value signed under {@code name}, or null if {@code signed} is not a valid signature by
     * {@code secret}, names another cookie, or is older than {@code maxAgeDays}.
     */
    static byte[] decode(String secret, String name, String signed, double maxAgeDays, long nowSeconds) {
        if (signed == null || signed.isEmpty()) {
            return null;
        }
        Matcher m = VERSIONED.matcher(signed);
        int version = 1;
        if (m.matches() && m.group(1).length() <= 3) { // a longer number is v1's base64, as Tornado says
            version = Integer.parseInt(m.group(1));
        }
        if (version == 1) {
            return decodeV1(secret, name, signed, maxAgeDays, nowSeconds);
        }
        return version == 2 ? decodeV2(secret, name, signed, maxAgeDays, nowSeconds) : null;
    }

    private static byte[] decodeV2(String secret, String name, String signed, double maxAgeDays, long now) {
        byte[] bytes = signed.getBytes(StandardCharsets.UTF_8);
        String[] fields = new String[4];
        int at = 2; // after "2|"
        for (int i = 0; i < 4; i++) {
            int colon = indexOf(bytes, (byte) ':', at);
            if (colon < 0 || colon == at || colon - at > 9) {
                return null;
            }
            int n = 0;
            for (int j = at; j < colon; j++) {
                if (bytes[j] < '0' || bytes[j] > '9') {
                    return null;
                }
                n = n * 10 + (bytes[j] - '0');
            }
            int end = colon + 1 + n;
            if (end >= bytes.length || bytes[end] != '|') {
                return null;
            }
            fields[i] = new String(bytes, colon + 1, n, StandardCharsets.UTF_8);
            at = end + 1;
        }
        String passed = new String(bytes, at, bytes.length - at, StandardCharsets.UTF_8);
        String expected = hmacHex("HmacSHA256", secret, new String(bytes, 0, at, StandardCharsets.UTF_8));
        if (!constantTimeEquals(passed, expected) || !fields[2].equals(name)) {
            return null;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(fields[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (timestamp < now - maxAgeDays * 86400) {
            return null;
        }
        return base64(fields[3]);
    }

    private static byte[] decodeV1(String secret, String name, String signed, double maxAgeDays, long now) {
        String[] parts = signed.split("\\|", -1);
        if (parts.length != 3 || !V1_TIMESTAMP.matcher(parts[1]).matches()) {
            return null;
        }
        String expected = hmacHex("HmacSHA1", secret, name + parts[0] + parts[1]);
        if (!constantTimeEquals(parts[2], expected)) {
            return null;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        // v1 signs no delimiters: digits moved from the value into the timestamp keep the
        // signature, which Tornado's checks of a future or zero-led timestamp catch.
        if (timestamp < now - maxAgeDays * 86400 || timestamp > now + 31 * 86400
                || parts[1].startsWith("0")) {
            return null;
        }
        return base64(parts[0]);
    }

    private static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacHex(String algorithm, String secret, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e); // every JDK must have it
        }
    }
}
