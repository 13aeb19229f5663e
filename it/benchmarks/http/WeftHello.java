import dev.weft.IOLoop;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.List;

/**
 * Seed example 7 as a benchmark target: one IOLoop, one thread. Usage: WeftHello PORT.
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

    public static void main(String[] args) throws java.io.IOException {
        if ("off".equals(System.getProperty("weft.accessLog"))) {
            ACCESS.setLevel(java.util.logging.Level.OFF);
        }
        Application app = new Application(List.of(Route.of("/", IndexHandler::new)));
        dev.weft.http.HttpServerOptions options = new dev.weft.http.HttpServerOptions();
        String keystore = System.getProperty("weft.tls.keystore");
        if (keystore != null) {
            options.sslContext(serverContext(keystore));
        }
        app.listen(Integer.parseInt(args[0]), "127.0.0.1", options);
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
