package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed key pair and certificate made at test time with the JDK's {@code keytool}, and the
 * server and client {@link SSLContext}s built from it. One per certificate name per JVM.
 */
public final class TlsKeys {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Map<String, TlsKeys> MADE = new ConcurrentHashMap<>();

    private final Path dir;
    private final KeyStore keyStore;
    private final Certificate certificate;

    private TlsKeys(String san) throws Exception {
        dir = Files.createTempDirectory("weft-tls");
        dir.toFile().deleteOnExit();
        Path p12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=weft test", "-ext", "SAN=" + san, "-validity", "2",
                "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keyStore.load(in, PASSWORD);
        }
        certificate = keyStore.getCertificate("server");
        p12.toFile().deleteOnExit();
    }

    /**
     * The keys for a certificate valid for {@code localhost} and {@code 127.0.0.1}.
     *
     * @return the shared instance
     */
    public static TlsKeys localhost() {
        return forNames("dns:localhost,ip:127.0.0.1");
    }

    /**
     * The keys for a certificate with the given subject alternative names.
     *
     * @param san keytool's form, such as {@code dns:example.org}
     * @return the shared instance
     */
    public static TlsKeys forNames(String san) {
        return MADE.computeIfAbsent(san, s -> {
            try {
                return new TlsKeys(s);
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a test key pair", e);
            }
        });
    }

    /** @return a context serving this certificate */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD);
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(kmf.getKeyManagers(), null, null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a context trusting this certificate only */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, tmf.getTrustManagers(), null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the certificate as a PEM file, for curl's {@code --cacert} */
    public Path certificatePem() {
        Path pem = dir.resolve("server.pem");
        try {
            if (!Files.exists(pem)) {
                String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded());
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64
                        + "\n-----END CERTIFICATE-----\n");
                pem.toFile().deleteOnExit();
            }
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
