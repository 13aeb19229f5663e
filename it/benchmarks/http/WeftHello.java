import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.net.TCPServer;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.List;
import java.util.Map;

/**
 * Seed example 7 as a benchmark target, with TechEmpower's two pages beside it: {@code /} (seed
 * example 7), {@code /plaintext} ("Hello, World!") and {@code /json} ({"message": "Hello, World!"},
 * encoded per request by weft's Json, with Tornado's spacing). Usage: WeftHello PORT [LOOPS]: one
 * IOLoop on the main thread by default; with LOOPS above 1 the main loop accepts and hands the
 * connections to that many worker loops ({@code HttpServer.start(LOOPS)}).
 * {@code -Dweft.accessLog=off} turns the access log off (it is on by default, as in a user's app).
 * {@code -Dweft.tls.keystore=server.p12} (password {@code changeit}) serves HTTPS instead.
 */
public class WeftHello {
    // Held, because java.util.logging keeps only weak references to its loggers.
    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("dev.weft.access");

    public static class IndexHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello Python Tornado!");
        }
    }

    public static class PlaintextHandler extends RequestHandler {
        @Override
        public void get() {
            setHeader("Content-Type", "text/plain");
            write("Hello, World!");
        }
    }

    public static class JsonHandler extends RequestHandler {
        @Override
        public void get() {
            write(Map.of("message", "Hello, World!"));
        }
    }

    public static void main(String[] args) throws java.io.IOException {
        if ("off".equals(System.getProperty("weft.accessLog"))) {
            ACCESS.setLevel(java.util.logging.Level.OFF);
        }
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Application app = new Application(List.of(
                Route.of("/", IndexHandler::new),
                Route.of("/plaintext", PlaintextHandler::new),
                Route.of("/json", JsonHandler::new)));
        HttpServerOptions options = new HttpServerOptions();
        String keystore = System.getProperty("weft.tls.keystore");
        if (keystore != null) {
            options.sslContext(serverContext(keystore));
        }
        HttpServer server = new HttpServer(app, options);
        server.bind(Integer.parseInt(args[0]), "127.0.0.1", TCPServer.DEFAULT_BACKLOG);
        server.start(loops);
        IOLoop.current().start();
    }

    static javax.net.ssl.SSLContext serverContext(String keystore) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(keystore))) {
            char[] password = "changeit".toCharArray();
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
