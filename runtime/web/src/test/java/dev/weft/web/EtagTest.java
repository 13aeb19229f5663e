package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.http.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Etags and 304 as Tornado 6.2 answers them, over a real socket. */
@org.junit.jupiter.api.Timeout(30)
class EtagTest {
    // sha1("hello etag"), as Tornado's compute_etag gives it
    static final String TAG = "\"28055371a5101cabbc33db300e974a3b8976bc5f\"";

    static class Hello extends RequestHandler {
        @Override
        public void get() {
            setHeader("Content-Language", "en");
            write("hello ");
            write("etag");
        }

        @Override
        public void head() {
            write("hello etag");
        }

        @Override
        public void post() {
            write("hello etag");
        }
    }

    static class Own extends RequestHandler {
        @Override
        public void get() {
            setHeader("Etag", "\"mine\"");
            write("hello etag");
        }
    }

    static class None extends RequestHandler {
        @Override
        public String computeEtag() {
            return null;
        }

        @Override
        public void get() {
            write("hello etag");
        }
    }

    static class Created extends RequestHandler {
        @Override
        public void get() {
            setStatus(201);
            write("hello etag");
        }
    }

    static class Flushed extends RequestHandler {
        @Override
        public void get() {
            write("hello etag");
            flush();
        }
    }

    private final WebServerFixture web = new WebServerFixture(Route.of("/", Hello::new),
            Route.of("/own", Own::new), Route.of("/none", None::new), Route.of("/created", Created::new),
            Route.of("/flushed", Flushed::new));

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void aGetGetsTheSha1OfItsBody() throws Exception {
        RawClient.Response r = web.get("/");
        assertEquals(200, r.status);
        assertEquals(TAG, r.header("etag"));
        assertEquals("hello etag", r.body);
        assertEquals(TAG, web.request("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").header("etag"));
    }

    @Test
    void aMatchingIfNoneMatchGets304WithoutBodyOrRepresentationHeaders() throws Exception {
        for (String inm : new String[] {TAG, "\"other\", " + TAG, "W/" + TAG, "*", "*, \"x\"",
                "junk " + TAG + " junk", "\"a\",W/" + TAG}) {
            RawClient.Response r = web.get("/", "If-None-Match: " + inm);
            assertEquals(304, r.status, inm);
            assertEquals("HTTP/1.1 304 Not Modified", r.statusLine);
            assertEquals(TAG, r.header("etag"));
            assertNull(r.header("content-type"), inm);
            assertNull(r.header("content-length"), inm);
            assertNull(r.header("content-language"), inm);
            assertNull(r.header("transfer-encoding"), inm);
        }
        assertEquals(304, web.request("HEAD / HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + TAG
                + "\r\n\r\n").status);
        assertEquals(304, web.get("/", "If-None-Match: \"x\"", "If-None-Match: " + TAG).status);
        // As Tornado: "*" matches only as the first tag of the (joined) list.
        assertEquals(200, web.get("/", "If-None-Match: \"x\"", "If-None-Match: *").status);
    }

    @Test
    void otherIfNoneMatchValuesGetTheBody() throws Exception {
        for (String inm : new String[] {"\"other\"", "W/\"other\"", "\"x\", *", "", "garbage",
                "\"28055371a5101cabbc33db300e974a3b8976bc5f", "28055371a5101cabbc33db300e974a3b8976bc5f"}) {
            RawClient.Response r = web.get("/", "If-None-Match: " + inm);
            assertEquals(200, r.status, inm);
            assertEquals("hello etag", r.body);
        }
        web.assertHealthy();
    }

    @Test
    void onlyAnUnflushed200ToGetOrHeadWithoutItsOwnEtagIsChecked() throws Exception {
        String star = "If-None-Match: *";
        RawClient.Response post = web.request("POST / HTTP/1.1\r\nHost: t\r\n" + star
                + "\r\nContent-Length: 0\r\n\r\n");
        assertEquals(200, post.status);
        assertNull(post.header("etag"));
        RawClient.Response own = web.get("/own", star);
        assertEquals(200, own.status);
        assertEquals("\"mine\"", own.header("etag"));
        RawClient.Response none = web.get("/none", star);
        assertEquals(200, none.status);
        assertNull(none.header("etag"));
        assertEquals(201, web.get("/created", star).status);
        RawClient.Response flushed = web.get("/flushed", star);
        assertEquals(200, flushed.status);
        assertNull(flushed.header("etag"));
        assertEquals("hello etag", flushed.body);
    }
}
