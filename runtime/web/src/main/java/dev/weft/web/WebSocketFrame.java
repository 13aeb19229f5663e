package dev.weft.web;

import java.security.SecureRandom;

/**
 * One WebSocket frame (RFC 6455 §5.2), and how one is written. The opcodes and the rules on them
 * are here; reading frames is {@link WebSocketFrameDecoder}'s job.
 *
 * <p>Thread rules: immutable once made; {@link #encode} may be called from any thread.
 */
final class WebSocketFrame {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** RFC 6455 §5.5: control frames carry at most 125 bytes and are never fragmented. */
    static final int MAX_CONTROL_PAYLOAD = 125;

    final boolean fin;
    final int opcode;
    final byte[] payload;

    WebSocketFrame(boolean fin, int opcode, byte[] payload) {
        this.fin = fin;
        this.opcode = opcode;
        this.payload = payload;
    }

    static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** The opcodes RFC 6455 defines; the others are reserved and a protocol error (§5.2). */
    static boolean isKnown(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }

    /**
     * A whole frame as it goes on the wire, in one array (one write, usually one packet).
     *
     * @param opcode the opcode
     * @param payload the payload, not changed
     * @param random null for a server's unmasked frame; a client's source of masking keys (RFC
     *     6455 §5.3: every client frame is masked with a fresh, unpredictable key)
     */
    static byte[] encode(int opcode, byte[] payload, SecureRandom random) {
        int n = payload.length;
        int lengthBytes = n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
        int maskBytes = random == null ? 0 : 4;
        int head = 2 + lengthBytes + maskBytes;
        byte[] out = new byte[head + n];
        out[0] = (byte) (0x80 | opcode); // FIN: weft never fragments what it sends
        int mask = random == null ? 0 : 0x80;
        if (lengthBytes == 0) {
            out[1] = (byte) (mask | n);
        } else if (lengthBytes == 2) {
            out[1] = (byte) (mask | 126);
            out[2] = (byte) (n >>> 8);
            out[3] = (byte) n;
        } else {
            out[1] = (byte) (mask | 127);
            long len = n;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
        }
        if (random == null) {
            System.arraycopy(payload, 0, out, head, n);
            return out;
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        System.arraycopy(key, 0, out, head - 4, 4);
        for (int i = 0; i < n; i++) {
            out[head + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return out;
    }

    /**
     * The payload of a close frame: the status code and the UTF-8 reason, or nothing when there
     * is no code.
     *
     * @throws IllegalArgumentException if the reason is longer than the 123 bytes that fit
     */
    static byte[] closePayload(Integer code, String reason) {
        if (code == null) {
            return new byte[0];
        }
        byte[] text = reason == null ? new byte[0]
                : reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (text.length > MAX_CONTROL_PAYLOAD - 2) {
            throw new IllegalArgumentException("a close reason has at most 123 bytes of UTF-8");
        }
        byte[] out = new byte[2 + text.length];
        out[0] = (byte) (code >>> 8);
        out[1] = (byte) (int) code;
        System.arraycopy(text, 0, out, 2, text.length);
        return out;
    }

    /**
     * Whether an endpoint may send {@code code} in a close frame (RFC 6455 §7.4 and the IANA
     * registry): 1000-1003 and 1007-1014 are defined; 1004 is reserved, and 1005, 1006 and 1015
     * only stand for "none" in APIs, never on the wire; 3000-4999 belong to libraries and
     * applications; everything else is unassigned.
     */
    static boolean isValidCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
