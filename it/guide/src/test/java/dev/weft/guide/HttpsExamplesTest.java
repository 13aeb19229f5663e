package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.Application;
import dev.weft.web.Route;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The HTTPS examples of docs/GUIDE.md and HttpServerOptions: a key store made by keytool, served. */
class HttpsExamplesTest {

    // tag::https[]
    static SSLContext tlsContext(Path keyStoreFile, char[] password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");  // keytool -genkeypair ... -storetype PKCS12
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }
    // end::https[]

    /** Compiled, never run: it serves port 8443 until the process ends. */
    static void serveHttpsForever(Application app, char[] password) throws Exception {
        // tag::https[]
        SSLContext tls = tlsContext(Path.of("server.p12"), password);
        app.listen(8443, null, new HttpServerOptions().sslContext(tls));  // ssl_options=...
        IOLoop.current().start();
        // end::https[]
    }

    /** Compiled, never run: the Javadoc's form. */
    static void httpServerOverTls(Application app, SSLContext tls) {
        // tag::https-options[]
        new HttpServer(app, new HttpServerOptions().sslContext(tls)).listen(8443);
        // end::https-options[]
    }

    @Test
    void theGuidesContextServesHttps() throws Exception {
        Path dir = Files.createTempDirectory("guide-tls");
        Path p12 = dir.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertEquals(true, keytool.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, keytool.exitValue(), out);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            trusted.setCertificateEntry("server", ks.getCertificate("server"));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        IOLoop loop = IOLoop.current();
        HttpServer server = new Application(List.of(Route.of("/", IndexHandler::new)))
                .listen(0, "127.0.0.1", new HttpServerOptions().sslContext(tlsContext(p12, password)));
        try {
            String got = loop.runSync(() -> fetch(HttpClient.newBuilder().sslContext(clientTls).build(),
                    "https://localhost:" + server.boundPort() + "/"), Duration.ofSeconds(60));
            assertEquals("200 HTTP_1_1 Hello Python Tornado!", got);
        } finally {
            server.stop();
            server.closeAllConnections();
            Files.deleteIfExists(p12);
            Files.deleteIfExists(dir);
        }
    }

    @Coroutine
    static Future<String> fetch(HttpClient client, String url) {
        HttpResponse<String> r = Co.await(client.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()));
        return Future.completed(r.statusCode() + " " + r.version() + " " + r.body());
    }
}
