package dev.weft.net;

import dev.weft.Future;
import dev.weft.IOLoop;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The stream tests' servers on the calling thread's loop, and the small helpers those tests share:
 * each test class holds one and calls {@link #stopAll} after each test.
 */
final class TestServers {
    private final List<TCPServer> servers = new ArrayList<>();

    /** A plain server on a free loopback port handing each stream to {@code onStream}; its port. */
    int serve(Consumer<IOStream> onStream) {
        return serve(null, onStream);
    }

    /** The same, over TLS with {@code context} (null: plain TCP). */
    int serve(SSLContext context, Consumer<IOStream> onStream) {
        TCPServer server = new TCPServer(context) {
            @Override
            protected void handleStream(IOStream stream, InetSocketAddress address) {
                onStream.accept(stream);
            }
        };
        server.listen(0, "127.0.0.1");
        add(server);
        return server.boundPort();
    }

    /** Stops {@code server} with the others after the test. */
    void add(TCPServer server) {
        servers.add(server);
    }

    /** Stops every server made and closes this thread's loop, if it has one. */
    void stopAll() {
        servers.forEach(TCPServer::stop);
        servers.clear();
        IOLoop loop = IOLoop.currentOrNull();
        if (loop != null) {
            loop.close();
        }
    }

    /** What {@code next} makes of the connected stream, or why connecting failed. */
    static <T> Future<T> then(Future<IOStream> connected, Function<IOStream, Future<T>> next) {
        Future<T> result = new Future<>();
        connected.addDoneCallback(c -> {
            if (c.exception() != null) {
                result.setException(c.exception());
                return;
            }
            next.apply(c.result()).addDoneCallback(r -> {
                if (r.exception() != null) {
                    result.setException(r.exception());
                } else {
                    result.setResult(r.result());
                }
            });
        });
        return result;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
