package dev.weft.net;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Opens TCP connections as {@link IOStream}s: Tornado's {@code TCPClient}.
 *
 * <p>Host names are resolved on an executor (by default the common pool), because the JDK's
 * resolver blocks; literal addresses are used as they are. The first resolved address is tried.
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
        IOLoop loop = IOLoop.current();
        Future<IOStream> result = new Future<>();
        Future<InetAddress> resolved = loop.runInExecutor(resolverExecutor,
                () -> InetAddress.getByName(host));
        loop.addFuture(resolved, r -> {
            if (r.exception() != null) {
                result.setException(r.exception());
                return;
            }
            Future<IOStream> c = connect(new InetSocketAddress(r.result(), port));
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
}
