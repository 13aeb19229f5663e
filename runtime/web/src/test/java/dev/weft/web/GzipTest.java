package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import dev.weft.http.RawClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compressResponse as Tornado 6.2's GZipContentEncoding applies it, over a real socket. */
@org.junit.jupiter.api.Timeout(60)
class GzipTest {
    static final String BIG = "<p>weft compresses text</p>\n".repeat(100); // 2,800 bytes

    @TempDir
    Path dir;
    WebServerFixture web;

    static class Page extends RequestHandler {
        @Override
        public void get() {
            String type = getArgument("type", null);
            if (type != null) {
                setHeader("Content-Type", type);
            }
            if (getArgument("encoded", null) != null) {
                setHeader("Content-Encoding", "identity-ish");
            }
            if (getArgument("vary", null) != null) {
                setHeader("Vary", "Cookie");
            }
            write(getArgument("small", null) != null ? "short" : BIG);
        }
    }

    static class Parts extends RequestHandler {
        @Override
        public Future<?> getAsync() {
            write("first part, short;");
            Future<Void> done = new Future<>();
            flush().addDoneCallback(f -> {
                write(" then " + BIG);
                done.setResult(null);
            });
            return done;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("big.css"), BIG);
        web = new WebServerFixture(new Application(List.of(Route.of("/", Page::new), Route.of("/parts", Parts::new)),
                new Settings().compressResponse(true).staticPath(dir)));
    }

    @AfterEach
    void tearDown() throws Exception {
        web.close();
    }

    static String gunzip(byte[] b) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void assertGzipped(RawClient.Response r, String expected) throws Exception {
        assertEquals(200, r.status);
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertTrue(r.bytes.length < expected.length(), "smaller");
        assertEquals(expected, gunzip(r.bytes));
    }

    private void assertPlain(RawClient.Response r, String expected) {
        assertNull(r.header("Content-Encoding"));
        assertEquals(expected, r.body);
    }

    @Test
    void compressesTextForClientsThatAcceptIt() throws Exception {
        RawClient.Response r = web.get("/", "Accept-Encoding: gzip, deflate");
        assertGzipped(r, BIG);
        assertEquals(Integer.toString(r.bytes.length), r.header("Content-Length"));
        assertGzipped(web.get("/?type=application/json;%20charset=UTF-8", "Accept-Encoding: deflate, gzip;q=0.5"), BIG);
        assertGzipped(web.get("/?type=image/svg%2Bxml", "Accept-Encoding: GZIP"), BIG);
        web.assertHealthy();
    }

    @Test
    void leavesAloneWhatShouldNotBeCompressed() throws Exception {
        assertPlain(web.get("/"), BIG);
        assertEquals("Accept-Encoding", web.get("/").header("Vary"), "Vary, compressed or not");
        assertPlain(web.get("/", "Accept-Encoding: gzip;q=0"), BIG);
        assertPlain(web.get("/", "Accept-Encoding: deflate, br"), BIG);
        assertPlain(web.get("/?small=1", "Accept-Encoding: gzip"), "short");
        assertPlain(web.get("/?type=image/png", "Accept-Encoding: gzip"), BIG);
        assertPlain(web.get("/?type=application/octet-stream", "Accept-Encoding: gzip"), BIG);
        RawClient.Response r = web.get("/?encoded=1", "Accept-Encoding: gzip");
        assertEquals("identity-ish", r.header("Content-Encoding"));
        r = web.request("HEAD /static/big.css HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n");
        assertNull(r.header("Content-Encoding"));
        assertEquals(Integer.toString(BIG.length()), r.header("Content-Length"));
    }

    @Test
    void notModifiedIsNeverCompressed() throws Exception {
        String tag = web.get("/").header("Etag");
        RawClient.Response r = web.get("/", "Accept-Encoding: gzip", "If-None-Match: " + tag);
        assertEquals(304, r.status);
        assertNull(r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
    }

    @Test
    void varyIsAddedTo() throws Exception {
        assertEquals("Cookie, Accept-Encoding", web.get("/?vary=1", "Accept-Encoding: gzip").header("Vary"));
    }

    @Test
    void aResponseInPartsIsCompressedWhateverItsSize() throws Exception {
        RawClient.Response r = web.get("/parts", "Accept-Encoding: gzip");
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertNull(r.header("Content-Length"));
        assertEquals("first part, short; then " + BIG, gunzip(r.bytes));
    }

    @Test
    void staticFilesToo_butNotRanges() throws Exception {
        assertGzipped(web.get("/static/big.css", "Accept-Encoding: gzip"), BIG);
        RawClient.Response r = web.get("/static/big.css", "Accept-Encoding: gzip", "Range: bytes=0-1499");
        assertEquals(206, r.status);
        assertNull(r.header("Content-Encoding"));
        assertEquals(BIG.substring(0, 1500), r.body);
    }

    @Test
    void offByDefault() throws Exception {
        try (WebServerFixture plain = new WebServerFixture(Route.of("/", Page::new))) {
            RawClient.Response r = plain.get("/", "Accept-Encoding: gzip");
            assertPlain(r, BIG);
            assertFalse(r.headers.containsKey("vary"));
        }
    }
}
