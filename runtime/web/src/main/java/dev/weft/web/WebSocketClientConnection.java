package dev.weft.web;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.net.IOStream;
import dev.weft.net.TCPClient;
import dev.weft.http.HttpHeaders;
import dev.weft.http.HttpSyntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The client end of a WebSocket (Tornado's {@code WebSocketClientConnection}), opened with
 * {@link #websocketConnect}:
 *
 * <pre>{@code
 * WebSocketClientConnection ws = Co.await(WebSocketClientConnection.websocketConnect(url));
 * Co.await(ws.writeMessage("hello"));
 * Object reply = Co.await(ws.readMessage());   // a String, a byte[], or null once closed
 * ws.close(1000, "done");
 * }</pre>
 *
 * <p>({@code url} is a {@code ws://host:port/path} URL; this runs inside an {@code @Coroutine}.)
 *
 * <p>Frames are masked, as RFC 6455 requires of clients, with keys from {@link SecureRandom}. The
 * server's frames must not be masked; a server that breaks the protocol gets the close code that
 * says why, as a client would (see {@link WebSocketHandler}). Messages of up to 10 MiB are read.
 *
 * <p>Messages wait in order until {@link #readMessage} takes them; while one is waiting, the next
 * is still read, but no more after it (Tornado's one-message queue): a client that does not read
 * slows the server down instead of filling its memory. Only {@code ws:} URLs are supported
 * (no TLS yet), and no extension is offered.
 *
 * <p>Thread rules: connect on a loop thread; use the connection on that thread; its futures
 * complete there.
 */
public final class WebSocketClientConnection {
    private static final int MAX_HEAD = 64 * 1024;
    private static final long MAX_MESSAGE = 10 * 1024 * 1024;
    private static final SecureRandom KEYS = new SecureRandom();

    private final WebSocketProtocol protocol;
    private final String subprotocol;
    private final ArrayDeque<Object> messages = new ArrayDeque<>();
    private final ArrayDeque<Future<Object>> readers = new ArrayDeque<>();
    private Future<Void> room; // completes when the waiting messages are taken
    private boolean closed;

    private WebSocketClientConnection(IOStream stream, String subprotocol) {
        this.protocol = new WebSocketProtocol(stream, true, MAX_MESSAGE, null, null);
        this.subprotocol = subprotocol;
    }

    /**
     * Opens a WebSocket to {@code url} (Tornado's {@code websocket_connect}).
     *
     * @param url a {@code ws://host[:port]/path[?query]} URL, or a {@code wss://} one (TLS, checked
     *     against the JDK's default trusted authorities)
     * @return completes with the open connection; fails with {@link WebSocketHandshakeException}
     *     if the server refuses, with the I/O error if it cannot be reached
     */
    public static Future<WebSocketClientConnection> websocketConnect(String url) {
        return websocketConnect(url, List.of(), null);
    }

    /**
     * Opens a WebSocket offering {@code subprotocols} and sending {@code headers} too (an
     * {@code Origin}, cookies, authorisation).
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @param subprotocols the subprotocols to offer, in order of preference; may be empty
     * @param headers more request headers, or null
     * @return as {@link #websocketConnect(String)}
     */
    public static Future<WebSocketClientConnection> websocketConnect(String url,
            List<String> subprotocols, HttpHeaders headers) {
        return websocketConnect(url, subprotocols, headers, null);
    }

    /**
     * Opens a WebSocket as {@link #websocketConnect(String, List, HttpHeaders)} does, and a
     * {@code wss://} one over TLS whose server certificate {@code sslContext} checks (its host
     * name verified, and sent as SNI, as {@link TCPClient#connect(String, int, SSLContext)} does).
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @param subprotocols the subprotocols to offer, in order of preference; may be empty
     * @param headers more request headers, or null
     * @param sslContext the TLS context for {@code wss://}; null for the JDK's default one (the
     *     platform's trusted certificate authorities); unused for {@code ws://}
     * @return as {@link #websocketConnect(String)}
     */
    public static Future<WebSocketClientConnection> websocketConnect(String url,
            List<String> subprotocols, HttpHeaders headers, SSLContext sslContext) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Future.failed(new IllegalArgumentException("not a URL: " + url, e));
        }
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (!(secure || "ws".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            return Future.failed(new IllegalArgumentException(
                    "only ws://host/... and wss://host/... URLs are supported: " + url));
        }
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        SSLContext tls = null;
        if (secure) {
            try {
                tls = sslContext != null ? sslContext : SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                return Future.failed(e);
            }
        }
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] nonce = new byte[16];
        KEYS.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getRawAuthority()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (!subprotocols.isEmpty()) {
            req.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
        }
        if (headers != null) {
            headers.forEach((n, v) -> req.append(n).append(": ").append(v).append("\r\n"));
        }
        req.append("\r\n");

        Future<WebSocketClientConnection> result = new Future<>();
        IOLoop loop = IOLoop.current();
        Future<IOStream> connected = secure
                ? new TCPClient().connect(host, port, tls) : new TCPClient().connect(host, port);
        loop.addFuture(connected, c -> {
            if (c.exception() != null) {
                result.setException(c.exception());
                return;
            }
            IOStream stream = c.result();
            stream.write(req.toString());
            stream.readUntilBlankLine(MAX_HEAD).addDoneCallback(h -> {
                if (h.exception() != null) {
                    stream.close();
                    result.setException(h.exception());
                    return;
                }
                try {
                    String chosen = checkResponse(h.result(), key, subprotocols);
                    WebSocketClientConnection ws = new WebSocketClientConnection(stream, chosen);
                    ws.start();
                    result.setResult(ws);
                } catch (WebSocketHandshakeException e) {
                    stream.close();
                    result.setException(e);
                }
            });
        });
        return result;
    }

    /** Checks the server's answer (RFC 6455 §4.1) and returns the subprotocol it chose. */
    private static String checkResponse(byte[] head, String key, List<String> offered)
            throws WebSocketHandshakeException {
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = statusLine.length >= 2 && statusLine[0].startsWith("HTTP/1.")
                    ? Integer.parseInt(statusLine[1]) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 0) {
            throw new WebSocketHandshakeException(0, "not an HTTP response: " + lines[0]);
        }
        if (status != 101) {
            throw new WebSocketHandshakeException(status, "the server answered " + lines[0]);
        }
        HttpHeaders h = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !HttpSyntax.isToken(line, 0, colon)) {
                throw new WebSocketHandshakeException(status, "a malformed header line: " + line);
            }
            h.add(line.substring(0, colon), HttpSyntax.trimOws(line.substring(colon + 1)));
        }
        if (!"websocket".equalsIgnoreCase(h.get("Upgrade")) || !h.hasToken("Connection", "upgrade")) {
            throw new WebSocketHandshakeException(status, "a 101 that is no WebSocket upgrade");
        }
        if (!WebSocketHandler.acceptKey(key).equals(h.get("Sec-WebSocket-Accept"))) {
            throw new WebSocketHandshakeException(status, "a wrong Sec-WebSocket-Accept");
        }
        if (h.contains("Sec-WebSocket-Extensions")) {
            throw new WebSocketHandshakeException(status, "an extension that was not offered");
        }
        String chosen = h.get("Sec-WebSocket-Protocol");
        if (chosen != null && !offered.contains(chosen)) {
            throw new WebSocketHandshakeException(status, "a subprotocol that was not offered: " + chosen);
        }
        return chosen;
    }

    private void start() {
        protocol.start(new WebSocketProtocol.Listener() {
            @Override
            public Future<?> onMessage(Object message) {
                return received(message);
            }

            @Override
            public void onPing(byte[] data) {
            }

            @Override
            public void onPong(byte[] data) {
            }

            @Override
            public void onClosed() {
                closed = true;
                while (!readers.isEmpty()) {
                    readers.poll().setResult(null);
                }
                if (room != null) {
                    room.setResult(null);
                    room = null;
                }
            }
        });
    }

    private Future<?> received(Object message) {
        Future<Object> reader = readers.poll();
        if (reader != null) {
            reader.setResult(message);
            return null;
        }
        messages.add(message);
        if (messages.size() < 2) {
            return null;
        }
        if (room == null) {
            room = new Future<>();
        }
        return room;
    }

    /**
     * The next message.
     *
     * @return completes with a String (text), a byte[] (binary), or null once the connection has
     *     closed and every message has been read
     */
    public Future<Object> readMessage() {
        Object m = messages.poll();
        if (m != null) {
            if (messages.size() < 2 && room != null) {
                Future<Void> r = room;
                room = null;
                r.setResult(null);
            }
            return Future.completed(m);
        }
        if (closed) {
            return Future.completed(null);
        }
        Future<Object> f = new Future<>();
        readers.add(f);
        return f;
    }

    /**
     * Sends a text message.
     *
     * @param message the text
     * @return completes when handed to the kernel; fails with {@link WebSocketClosedException}
     *     once closing
     */
    public Future<Void> writeMessage(String message) {
        return protocol.writeMessage(message.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Sends a binary message.
     *
     * @param message the bytes, not changed
     * @return as {@link #writeMessage(String)}
     */
    public Future<Void> writeMessage(byte[] message) {
        return protocol.writeMessage(message, false);
    }

    /**
     * Sends a ping.
     *
     * @param data at most 125 bytes
     * @return completes when sent
     */
    public Future<Void> ping(byte[] data) {
        return protocol.ping(data);
    }

    /** Starts the closing handshake with no status code. */
    public void close() {
        protocol.close(null, null);
    }

    /**
     * Starts the closing handshake.
     *
     * @param code the status code (1000: normal), or null
     * @param reason a short reason, or null
     */
    public void close(Integer code, String reason) {
        protocol.close(code, reason);
    }

    /** @return the code of the server's close frame, or null */
    public Integer closeCode() {
        return protocol.closeCode();
    }

    /** @return the reason of the server's close frame, or null */
    public String closeReason() {
        return protocol.closeReason();
    }

    /** @return the subprotocol the server chose, or null */
    public String selectedSubprotocol() {
        return subprotocol;
    }

    /** @return whether the connection has closed */
    public boolean isClosed() {
        return closed;
    }
}
