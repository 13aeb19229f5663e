package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StaticFileHandler and staticUrl as Tornado 6.2 answers them, over a real socket. */
@org.junit.jupiter.api.Timeout(60)
class StaticFileTest {
    static final String CSS = "body { color: #123456; }\n"; // 25 bytes
    static final long MODIFIED = 1_700_000_000L; // Tue, 14 Nov 2023 22:13:20 GMT

    @TempDir
    Path dir;
    Path root;
    WebServerFixture web;

    static class Urls extends RequestHandler {
        @Override
        public void get() {
            write(staticUrl(getArgument("p")) + "\n" + staticUrl(getArgument("p"), false));
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("static"));
        Files.writeString(root.resolve("site.css"), CSS);
        Files.setLastModifiedTime(root.resolve("site.css"), FileTime.fromMillis(MODIFIED * 1000 + 999));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
        Files.writeString(root.resolve("favicon.ico"), "icon");
        Files.writeString(dir.resolve("secret.txt"), "do not serve");
        web = new WebServerFixture(new Application(List.of(
                Route.of("/url", Urls::new),
                Route.of("/pages/(.*)", () -> new StaticFileHandler(root, "index.html"))),
                new Settings().staticPath(root)));
    }

    @AfterEach
    void tearDown() throws Exception {
        web.close();
    }

    static String sha512(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(b));
    }

    @Test
    void servesAFileWithItsValidators() throws Exception {
        RawClient.Response r = web.get("/static/site.css");
        assertEquals(200, r.status);
        assertEquals(CSS, r.body);
        assertEquals("text/css", r.header("Content-Type"));
        assertEquals("25", r.header("Content-Length"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals("\"" + sha512(CSS.getBytes(StandardCharsets.UTF_8)) + "\"", r.header("Etag"));
        assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", r.header("Last-Modified"));
        assertNull(r.header("Cache-Control"), "only versioned URLs are cached");
        web.assertHealthy();
    }

    @Test
    void aVersionedUrlIsCachedForTenYears() throws Exception {
        RawClient.Response r = web.get("/static/site.css?v=abc");
        assertEquals(200, r.status);
        assertEquals("max-age=315360000", r.header("Cache-Control"));
        assertNotNull(r.header("Expires"));
        assertTrue(r.header("Expires").endsWith(" GMT"));
    }

    @Test
    void conditionalRequestsGet304() throws Exception {
        String tag = web.get("/static/site.css").header("Etag");
        RawClient.Response r = web.get("/static/site.css", "If-None-Match: " + tag);
        assertEquals(304, r.status);
        assertNull(r.header("Content-Length"));
        assertNull(r.header("Content-Type"));
        assertEquals(tag, r.header("Etag"));
        assertEquals(304, web.get("/static/site.css", "If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT").status);
        assertEquals(304, web.get("/static/site.css", "If-Modified-Since: Wed, 15 Nov 2023 00:00:00 GMT").status);
        assertEquals(200, web.get("/static/site.css", "If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT").status);
        assertEquals(200, web.get("/static/site.css", "If-Modified-Since: yesterday").status);
        // the obsolete forms RFC 9110 makes recipients accept, as Python's parsedate does
        assertEquals(304, web.get("/static/site.css", "If-Modified-Since: Tuesday, 14-Nov-23 22:13:20 GMT").status);
        assertEquals(304, web.get("/static/site.css", "If-Modified-Since: Tue Nov 14 22:13:20 2023").status);
        assertEquals(200, web.get("/static/site.css", "If-Modified-Since: Tue Nov 14 22:13:19 2023").status);
        assertEquals(304, web.get("/static/site.css", "If-Modified-Since: Sat Dec  2 10:00:00 2023").status);
        // If-None-Match decides when present, even if If-Modified-Since would say 304
        assertEquals(200, web.get("/static/site.css", "If-None-Match: \"other\"",
                "If-Modified-Since: Wed, 15 Nov 2023 00:00:00 GMT").status);
        web.assertHealthy();
    }

    private RawClient.Response range(String value) throws Exception {
        return web.get("/static/site.css", "Range: " + value);
    }

    @Test
    void rangesAsTornado() throws Exception {
        RawClient.Response r = range("bytes=0-3");
        assertEquals(206, r.status);
        assertEquals("body", r.body);
        assertEquals("bytes 0-3/25", r.header("Content-Range"));
        assertEquals("4", r.header("Content-Length"));
        r = range("bytes=-3");
        assertEquals(206, r.status);
        assertEquals("; }\n".substring(1), r.body);
        assertEquals("bytes 22-24/25", r.header("Content-Range"));
        r = range("bytes=20-");
        assertEquals(206, r.status);
        assertEquals(CSS.substring(20), r.body);
        r = range("bytes=5-99999999999999999999999999");
        assertEquals(206, r.status, "an end past the file is the file's end");
        assertEquals(CSS.substring(5), r.body);
        assertEquals("bytes 5-24/25", r.header("Content-Range"));
        r = range("bytes=--1"); // Tornado reads "-1" as the end, and so a suffix from 1
        assertEquals(206, r.status);
        assertEquals("bytes 1-24/25", r.header("Content-Range"));
        r = range(" bytes = 1 - 2 ");
        assertEquals(206, r.status);
        assertEquals("od", r.body);
        // the whole file is a 200, not a 206
        for (String whole : List.of("bytes=0-", "bytes=0-24", "bytes=0-1000", "bytes=-25", "bytes=-1000")) {
            r = range(whole);
            assertEquals(200, r.status, whole);
            assertEquals(CSS, r.body, whole);
            assertNull(r.header("Content-Range"), whole);
        }
    }

    @Test
    void unsatisfiableRangesGet416() throws Exception {
        for (String bad : List.of("bytes=25-", "bytes=-0", "bytes=30-40", "bytes=3-1",
                "bytes=1--2")) {
            RawClient.Response r = range(bad);
            assertEquals(416, r.status, bad);
            assertEquals("bytes */25", r.header("Content-Range"), bad);
            assertEquals("text/plain", r.header("Content-Type"), bad);
            assertEquals("", r.body);
        }
        web.assertHealthy();
    }

    @Test
    void malformedRangesAreIgnored() throws Exception {
        for (String bad : List.of("bytes=1-2,4-5", "items=1-2", "bytes=a-b", "bytes", "bytes=0x1-2", "bytes=\u00e9-", "=", "bytes=1_-2")) {
            RawClient.Response r = range(bad);
            assertEquals(200, r.status, bad);
            assertEquals(CSS, r.body, bad);
        }
        web.assertHealthy();
    }

    @Test
    void headSendsTheHeadersOnly() throws Exception {
        RawClient.Response r = web.request("HEAD /static/site.css HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, r.status);
        assertEquals("25", r.header("Content-Length"));
        assertEquals("text/css", r.header("Content-Type"));
        r = web.request("HEAD /static/site.css HTTP/1.1\r\nHost: t\r\nRange: bytes=1-2\r\n\r\n");
        assertEquals(206, r.status);
        assertEquals("2", r.header("Content-Length"));
        // the connection is still in step: a GET on it works
        try (RawClient c = new RawClient(web.port())) {
            c.send("HEAD /static/site.css HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, c.read(true).status);
            c.send("GET /static/site.css HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(CSS, c.read(false).body);
        }
    }

    @Test
    void contentTypesAsPythonsMimetypes() throws Exception {
        String[][] cases = {
            {"a.html", "text/html"}, {"a.js", "application/javascript"}, {"a.json", "application/json"},
            {"a.PNG", "image/png"}, {"a.svg", "image/svg+xml"}, {"a.txt", "text/plain"},
            {"a.tar.gz", "application/gzip"}, {"a.svgz", "application/gzip"}, {"a.gz", "application/gzip"},
            {"a.bz2", "application/octet-stream"}, {"a.unknownext", "application/octet-stream"},
            {"noext", "application/octet-stream"}, {".hidden", "application/octet-stream"},
        };
        for (String[] c : cases) {
            Files.writeString(root.resolve(c[0]), "x");
            assertEquals(c[1], web.get("/static/" + c[0]).header("Content-Type"), c[0]);
        }
    }

    @Test
    void nothingOutsideTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("out"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outdir"), dir);
        Files.createSymbolicLink(root.resolve("in"), root.resolve("site.css"));
        String[][] cases = {
            {"/static/../secret.txt", "403"}, {"/static/%2e%2e/secret.txt", "403"},
            {"/static/%2E%2E%2Fsecret.txt", "403"}, {"/static/sub/../../secret.txt", "403"},
            {"/static//etc/passwd", "403"}, {"/static/%2fetc%2fpasswd", "403"},
            {"/static/out", "403"}, {"/static/outdir/secret.txt", "403"},
            {"/static/missing.css", "404"}, {"/static/sub/../missing", "404"},
            {"/static/%00", "404"}, {"/static/site.css%00.png", "404"},
            {"/static/", "403"}, {"/static/sub", "403"}, {"/static/sub/", "403"},
            {"/static/%zz", "404"},
        };
        for (String[] c : cases) {
            RawClient.Response r = web.get(c[0]);
            assertEquals(Integer.parseInt(c[1]), r.status, c[0]);
            assertTrue(!r.body.contains("do not serve"), c[0]);
        }
        assertEquals(CSS, web.get("/static/in").body, "a link inside the root is served");
        assertEquals(CSS, web.get("/static/sub/../site.css").body);
        web.assertHealthy();
    }

    @Test
    void aDirectoryWithADefaultFile() throws Exception {
        RawClient.Response r = web.get("/pages/sub");
        assertEquals(301, r.status);
        assertEquals("/pages/sub/", r.header("Location"));
        r = web.get("/pages/sub/");
        assertEquals(200, r.status);
        assertEquals("<p>index</p>", r.body);
        assertEquals("text/html", r.header("Content-Type"));
        web.assertHealthy();
    }

    @Test
    void largeFilesAreSentInParts() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 300_000; i++) {
            sb.append(i).append('\n');
        }
        String big = sb.toString();
        Files.writeString(root.resolve("big.txt"), big);
        RawClient.Response r = web.get("/static/big.txt");
        assertEquals(200, r.status);
        assertEquals(big, r.body);
        r = web.get("/static/big.txt", "Range: bytes=65530-200000");
        assertEquals(206, r.status);
        assertEquals(big.substring(65530, 200001), r.body);
        web.assertHealthy();
    }

    @Test
    void favIconAndRobotsComeFromTheStaticPath() throws Exception {
        assertEquals("icon", web.get("/favicon.ico").body);
        assertEquals(404, web.get("/robots.txt").status);
    }

    @Test
    void staticUrlCarriesTheContentHash() throws Exception {
        String hash = sha512(CSS.getBytes(StandardCharsets.UTF_8));
        assertEquals("/static/site.css?v=" + hash + "\n/static/site.css", web.get("/url?p=site.css").body);
        Files.writeString(root.resolve("site.css"), CSS + "/* changed */");
        String changed = sha512((CSS + "/* changed */").getBytes(StandardCharsets.UTF_8));
        assertEquals("/static/site.css?v=" + changed + "\n/static/site.css", web.get("/url?p=site.css").body,
                "a changed file gets a new version");
        // a missing file: no version, and the mistake is logged, as in Tornado
        assertEquals("/static/nope.css\n/static/nope.css", web.get("/url?p=nope.css").body);
        assertEquals(1, web.errors().size());
        assertTrue(web.errors().get(0).contains("nope.css"));
    }

    @Test
    void aCustomPrefix() throws Exception {
        try (WebServerFixture other = new WebServerFixture(new Application(List.of(Route.of("/url", Urls::new)),
                new Settings().staticPath(root).staticUrlPrefix("/assets/")))) {
            assertEquals(CSS, other.get("/assets/site.css").body);
            assertTrue(other.get("/url?p=site.css").body.startsWith("/assets/site.css?v="));
            assertEquals(404, other.get("/static/site.css").status);
        }
    }
}
