package dev.weft.net;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes an {@link IOStream} has received but nobody has read yet: a growable array used as a
 * queue, appended at the end and consumed from the front.
 *
 * <p>Idle connections are the common case on a server, so the array is allocated only when data
 * arrives and dropped again once a large one has been drained.
 */
final class ByteQueue {
    private static final byte[] EMPTY = new byte[0];
    // A drained array larger than this is released: one big upload must not pin memory forever.
    private static final int KEEP_CAPACITY = 16 * 1024;

    private byte[] buf = EMPTY;
    private int start;
    private int end;

    int size() {
        return end - start;
    }

    void append(ByteBuffer src) {
        int n = src.remaining();
        if (buf.length - end < n) {
            makeRoom(n);
        }
        src.get(buf, end, n);
        end += n;
    }

    private void makeRoom(int n) {
        int size = size();
        if (buf.length - size >= n && start > 0 && size <= buf.length / 2) {
            // Enough room once compacted, and compacting copies at most half the array.
            System.arraycopy(buf, start, buf, 0, size);
        } else {
            int capacity = Math.max(4096, buf.length);
            while (capacity - size < n) {
                if (capacity > Integer.MAX_VALUE / 2) {
                    throw new OutOfMemoryError("read buffer would exceed 2 GiB");
                }
                capacity *= 2;
            }
            byte[] bigger = new byte[capacity];
            System.arraycopy(buf, start, bigger, 0, size);
            buf = bigger;
        }
        start = 0;
        end = size;
    }

    /**
     * Where {@code needle} first occurs at or after offset {@code from} of the queued bytes.
     *
     * @return its offset from the front, or -1
     */
    int indexOf(byte[] needle, int from) {
        byte first = needle[0];
        int last = end - needle.length;
        outer:
        for (int i = start + Math.max(0, from); i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    /**
     * Where the first empty line at or after offset {@code from} ends: the offset after the LF
     * of {@code \n\n} or {@code \n\r\n}.
     *
     * @return the offset from the front, or -1
     */
    int endOfBlankLine(int from) {
        for (int i = start + Math.max(0, from); i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int j = i + 1;
            if (j < end && buf[j] == '\r') {
                j++;
            }
            if (j < end && buf[j] == '\n') {
                return j + 1 - start;
            }
        }
        return -1;
    }

    /** Removes and returns the first {@code n} bytes. */
    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > KEEP_CAPACITY) {
                buf = EMPTY;
            }
        }
        return out;
    }

    /** A copy of up to the first {@code n} bytes, left in the queue. */
    byte[] peek(int n) {
        return Arrays.copyOfRange(buf, start, start + Math.min(n, size()));
    }

    void clear() {
        buf = EMPTY;
        start = 0;
        end = 0;
    }
}
