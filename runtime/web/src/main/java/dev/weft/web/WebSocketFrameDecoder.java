package dev.weft.web;

/**
 * Cuts the bytes of a WebSocket connection into frames (RFC 6455 §5.2) and refuses any frame the
 * RFC forbids as soon as its first bytes show it, before its payload is buffered: reserved bits set
 * (weft negotiates no extension), a reserved opcode, a frame masked the wrong way (a client must
 * mask, a server must not), a fragmented control frame or one over 125 bytes, a 64-bit length
 * with its top bit set (1002), and a data frame past the size a message may still have (1009).
 *
 * <p>Frames are unmasked here; how frames make messages is {@link WebSocketProtocol}'s job.
 *
 * <p>Thread rules: one decoder per connection, on its loop thread.
 */
final class WebSocketFrameDecoder {
    private final boolean expectMasked;
    private byte[] buf = new byte[4096];
    private int start;
    private int end;

    /** @param expectMasked true on a server (clients mask), false on a client */
    WebSocketFrameDecoder(boolean expectMasked) {
        this.expectMasked = expectMasked;
    }

    /** Appends received bytes. */
    void feed(byte[] data) {
        ensureRoom(data.length);
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    /** @return how many received bytes no frame has taken yet */
    int buffered() {
        return end - start;
    }

    /**
     * The next whole frame, or null until more bytes arrive.
     *
     * @param maxDataPayload the most payload a data frame may have now: what is left of the
     *     message size limit
     * @throws WebSocketProtocolException for a frame the RFC forbids (the bytes are then useless)
     */
    WebSocketFrame next(long maxDataPayload) throws WebSocketProtocolException {
        int avail = end - start;
        if (avail < 2) {
            return null;
        }
        int b0 = buf[start] & 0xFF;
        int b1 = buf[start + 1] & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw new WebSocketProtocolException(1002, "reserved bits set without an extension");
        }
        if (!WebSocketFrame.isKnown(opcode)) {
            throw new WebSocketProtocolException(1002, "reserved opcode " + opcode);
        }
        boolean masked = (b1 & 0x80) != 0;
        if (masked != expectMasked) {
            throw new WebSocketProtocolException(1002,
                    expectMasked ? "a client frame that is not masked" : "a masked server frame");
        }
        int len7 = b1 & 0x7F;
        boolean control = WebSocketFrame.isControl(opcode);
        if (control && !fin) {
            throw new WebSocketProtocolException(1002, "a fragmented control frame");
        }
        if (control && len7 > WebSocketFrame.MAX_CONTROL_PAYLOAD) {
            throw new WebSocketProtocolException(1002, "a control frame over 125 bytes");
        }
        int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        int headLen = 2 + lengthBytes + (masked ? 4 : 0);
        if (avail < headLen) {
            return null;
        }
        long len = len7;
        if (lengthBytes > 0) {
            len = 0;
            for (int i = 0; i < lengthBytes; i++) {
                len = (len << 8) | (buf[start + 2 + i] & 0xFF);
            }
            if (len < 0) {
                throw new WebSocketProtocolException(1002, "a 64-bit length with its top bit set");
            }
        }
        if (!control && len > maxDataPayload) {
            throw new WebSocketProtocolException(1009, "message too big");
        }
        int n = (int) len; // at most the message limit, an int
        if (avail - headLen < n) {
            ensureRoom(headLen + n - avail);
            return null;
        }
        byte[] payload = new byte[n];
        int at = start + headLen;
        if (masked) {
            int k = start + headLen - 4;
            byte m0 = buf[k];
            byte m1 = buf[k + 1];
            byte m2 = buf[k + 2];
            byte m3 = buf[k + 3];
            int i = 0;
            for (; i + 3 < n; i += 4) {
                payload[i] = (byte) (buf[at + i] ^ m0);
                payload[i + 1] = (byte) (buf[at + i + 1] ^ m1);
                payload[i + 2] = (byte) (buf[at + i + 2] ^ m2);
                payload[i + 3] = (byte) (buf[at + i + 3] ^ m3);
            }
            for (; i < n; i++) {
                payload[i] = (byte) (buf[at + i] ^ buf[k + (i & 3)]);
            }
        } else {
            System.arraycopy(buf, at, payload, 0, n);
        }
        start = at + n;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > 64 * 1024) {
                buf = new byte[4096]; // one big message must not cost its size for the connection's life
            }
        }
        return new WebSocketFrame(fin, opcode, payload);
    }

    /** Makes room for {@code more} bytes after {@code end}: compacting first, growing if need be. */
    private void ensureRoom(int more) {
        if (buf.length - end >= more) {
            return;
        }
        int used = end - start;
        if (buf.length - used >= more && start > 0) {
            System.arraycopy(buf, start, buf, 0, used);
        } else {
            long want = Math.max((long) used + more, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
            byte[] bigger = new byte[(int) Math.min(want, Integer.MAX_VALUE - 16)];
            System.arraycopy(buf, start, bigger, 0, used);
            buf = bigger;
        }
        start = 0;
        end = used;
    }
}
