package dev.weft.net;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Opens TCP connections as {@link IOStream}s: Tornado's {@code TCPClient}.
 *
 * <p>Host names are resolved on an executor (by default the common pool), because the JDK's
 * resolver blocks; literal addresses are used as they are. The first resolved address is tried.
 *
 * <p>TLS (Tornado's {@code ssl_options} and {@code server_hostname}): given an {@link SSLContext},
 * {@code connect} completes with an {@link SslIOStream} once the handshake is done. The server's
 * certificate is checked against the context's trust managers and its name against the host
 * name (RFC 2818/6125, the JDK's {@code HTTPS} endpoint identification), and the name is sent as
 * SNI unless it is a literal address. A handshake has no timeout of its own here: wrap the future
 * with {@code Co.withTimeout} if the peer may stall.
 *
 * <p>Thread rules: call {@code connect} on a loop thread; the future completes on that loop.
 */
public final class TCPClient {
    private final Executor resolverExecutor;

    /** A client resolving names on the common pool. */
    public TCPClient() {
        this(ForkJoinPool.commonPool());
    }

    /**
     * A client resolving names on {@code resolverExecutor}.
     *
     * @param resolverExecutor where blocking DNS lookups run
     */
    public TCPClient(Executor resolverExecutor) {
        this.resolverExecutor = resolverExecutor;
    }

    /**
     * Connects to {@code host}:{@code port}.
     *
     * @param host a name or literal address
     * @param port the port
     * @return completes with a connected stream on the current loop, or fails with the resolution
     *     or connection error
     */
    public Future<IOStream> connect(String host, int port) {
        return connect(host, port, null, null);
    }

    /**
     * Connects to {@code host}:{@code port} over TLS, checking the certificate against
     * {@code host}.
     *
     * @param host a name or literal address; also the name verified and sent as SNI
     * @param port the port
     * @param sslContext whose trust managers check the server; null for plain TCP
     * @return completes with an {@link SslIOStream} after the handshake, or fails with the
     *     resolution, connection or TLS error ({@link javax.net.ssl.SSLHandshakeException} for a
     *     certificate that does not verify)
     */
    public Future<IOStream> connect(String host, int port, SSLContext sslContext) {
        return connect(host, port, sslContext, host);
    }

    /**
     * Connects to {@code host}:{@code port} over TLS, checking the certificate against
     * {@code serverHostname} (for a server reached by address, or through a tunnel).
     *
     * @param host a name or literal address to connect to
     * @param port the port
     * @param sslContext whose trust managers check the server; null for plain TCP
     * @param serverHostname the name to verify and send as SNI; null to skip the name check (the
     *     chain is still verified), which is only safe when something else pins the peer
     * @return as {@link #connect(String, int, SSLContext)}
     */
    public Future<IOStream> connect(String host, int port, SSLContext sslContext,
            String serverHostname) {
        IOLoop loop = IOLoop.current();
        Future<IOStream> result = new Future<>();
        Future<InetAddress> resolved = loop.runInExecutor(resolverExecutor,
                () -> InetAddress.getByName(host));
        loop.addFuture(resolved, r -> {
            if (r.exception() != null) {
                result.setException(r.exception());
                return;
            }
            Future<IOStream> c = sslContext == null
                    ? connect(new InetSocketAddress(r.result(), port))
                    : connectTls(new InetSocketAddress(r.result(), port), sslContext,
                            serverHostname);
            c.addDoneCallback(done -> {
                if (done.exception() != null) {
                    result.setException(done.exception());
                } else {
                    result.setResult(done.result());
                }
            });
        });
        return result;
    }

    /**
     * Connects to a resolved address.
     *
     * @param address where
     * @return completes with a connected stream on the current loop, or fails with the error
     */
    public Future<IOStream> connect(InetSocketAddress address) {
        SocketChannel sc;
        try {
            sc = SocketChannel.open();
        } catch (IOException e) {
            return Future.failed(e);
        }
        IOStream stream = new IOStream(sc);
        return stream.connect(address);
    }

    private Future<IOStream> connectTls(InetSocketAddress address, SSLContext sslContext,
            String serverHostname) {
        SocketChannel sc;
        SslIOStream stream;
        try {
            sc = SocketChannel.open();
        } catch (IOException e) {
            return Future.failed(e);
        }
        try {
            stream = new SslIOStream(sc, clientEngine(sslContext, serverHostname, address.getPort()));
        } catch (RuntimeException e) {
            try {
                sc.close();
            } catch (IOException ignored) {
                // failing already
            }
            return Future.failed(e);
        }
        Future<IOStream> result = new Future<>();
        stream.connect(address).addDoneCallback(c -> {
            if (c.exception() != null) {
                result.setException(c.exception());
                return;
            }
            stream.waitForHandshake().addDoneCallback(h -> {
                if (h.exception() != null) {
                    stream.close();
                    result.setException(h.exception());
                } else {
                    result.setResult(stream);
                }
            });
        });
        return result;
    }

    private static SSLEngine clientEngine(SSLContext context, String serverHostname, int port) {
        SSLEngine engine = serverHostname == null
                ? context.createSSLEngine() : context.createSSLEngine(serverHostname, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        if (serverHostname != null) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isLiteralAddress(serverHostname)) {
                p.setServerNames(List.of(new SNIHostName(serverHostname)));
            }
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** An IPv4 or IPv6 literal: RFC 6066 forbids sending those as SNI. */
    static boolean isLiteralAddress(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
