import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket load generator on one thread and one selector (the same for every server): opens
 * CONNECTIONS WebSocket connections to ws://127.0.0.1:PORT/ws, then on each keeps WINDOW text
 * messages of 32 bytes in flight, sending one more for every echo it reads. WINDOW 1 measures
 * round trips; a larger window measures messages per second. Warms up, then prints
 * {@code messages/s} over the measured seconds, and how many echoes it read in all (warm-up
 * included, for the server's CPU time per message). Frames are masked, as a client's must be (one
 * key for all, computed once: the servers cannot tell, and the generator must not be the limit).
 *
 * <p>Usage: java WsLoad.java PORT CONNECTIONS WINDOW WARMUP_S MEASURE_S
 */
public class WsLoad {
    static final byte[] PAYLOAD = "hello weft, hello netty, echo me".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FRAME = frame();

    static byte[] frame() {
        byte[] f = new byte[2 + 4 + PAYLOAD.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | PAYLOAD.length);
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        System.arraycopy(key, 0, f, 2, 4);
        for (int i = 0; i < PAYLOAD.length; i++) {
            f[6 + i] = (byte) (PAYLOAD[i] ^ key[i & 3]);
        }
        return f;
    }

    static final class Conn {
        final SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        ByteBuffer pending; // bytes not yet written
        boolean open;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    static long received;
    static int openCount;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        int window = Integer.parseInt(args[2]);
        double warmup = Double.parseDouble(args[3]);
        double measure = Double.parseDouble(args[4]);
        Selector sel = Selector.open();
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            ch.register(sel, SelectionKey.OP_CONNECT, new Conn(ch));
        }
        long start = System.nanoTime();
        long measureFrom = -1;
        long countFrom = 0;
        long warmNanos = (long) (warmup * 1e9);
        long endNanos = warmNanos + (long) (measure * 1e9);
        while (true) {
            sel.select(100);
            long now = System.nanoTime() - start;
            if (measureFrom < 0 && now >= warmNanos) {
                measureFrom = now;
                countFrom = received;
            }
            if (now >= endNanos) {
                break;
            }
            Iterator<SelectionKey> it = sel.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Conn c = (Conn) k.attachment();
                try {
                    if (k.isConnectable()) {
                        c.ch.finishConnect();
                        byte[] nonce = new byte[16];
                        ThreadLocalRandom.current().nextBytes(nonce);
                        String req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
                        send(c, k, ByteBuffer.wrap(req.getBytes(StandardCharsets.ISO_8859_1)));
                        k.interestOps(SelectionKey.OP_READ | (c.pending != null ? SelectionKey.OP_WRITE : 0));
                        continue;
                    }
                    if (k.isWritable()) {
                        send(c, k, null);
                    }
                    if (k.isReadable()) {
                        read(c, k, window);
                    }
                } catch (IOException e) {
                    System.err.println("connection failed: " + e);
                    k.cancel();
                    c.ch.close();
                }
            }
        }
        double seconds = (System.nanoTime() - start - measureFrom) / 1e9;
        System.out.printf("%d connections open, window %d: %.0f messages/s, %d messages in all%n",
                openCount, window, (received - countFrom) / seconds, received);
    }

    static void read(Conn c, SelectionKey k, int window) throws IOException {
        int n = c.ch.read(c.in);
        if (n < 0) {
            throw new IOException("closed by the server");
        }
        ByteBuffer b = c.in;
        b.flip();
        int echoes = 0;
        if (!c.open) {
            int end = headEnd(b);
            if (end < 0) {
                b.compact();
                return;
            }
            String head = new String(b.array(), 0, end, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("no upgrade: " + head);
            }
            b.position(end);
            c.open = true;
            openCount++;
            echoes = -window; // start the window
        }
        while (b.remaining() >= 2) {
            int p = b.position();
            int len = b.get(p + 1) & 0x7F;
            int head = 2;
            if (len == 126) {
                if (b.remaining() < 4) {
                    break;
                }
                len = ((b.get(p + 2) & 0xFF) << 8) | (b.get(p + 3) & 0xFF);
                head = 4;
            }
            if (b.remaining() < head + len) {
                break;
            }
            b.position(p + head + len);
            if ((b.get(p) & 0x0F) == 0x1) {
                echoes++;
            }
        }
        b.compact();
        if (echoes > 0) {
            received += echoes;
        }
        int toSend = Math.abs(echoes);
        if (toSend > 0) {
            ByteBuffer out = ByteBuffer.allocate(FRAME.length * toSend);
            for (int i = 0; i < toSend; i++) {
                out.put(FRAME);
            }
            out.flip();
            send(c, k, out);
        }
    }

    static int headEnd(ByteBuffer b) {
        for (int i = b.position(); i + 3 < b.limit(); i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    static void send(Conn c, SelectionKey k, ByteBuffer more) throws IOException {
        if (more != null) {
            if (c.pending != null && c.pending.hasRemaining()) {
                ByteBuffer joined = ByteBuffer.allocate(c.pending.remaining() + more.remaining());
                joined.put(c.pending).put(more).flip();
                c.pending = joined;
            } else {
                c.pending = more;
            }
        }
        if (c.pending == null) {
            return;
        }
        c.ch.write(c.pending);
        if (c.pending.hasRemaining()) {
            k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
        } else {
            c.pending = null;
            if (k.isValid() && (k.interestOps() & SelectionKey.OP_WRITE) != 0) {
                k.interestOps(SelectionKey.OP_READ);
            }
        }
    }
}
