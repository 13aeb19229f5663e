package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.http.RawClient;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Arguments read as Tornado 6.2 reads them, and bad ones answered as Tornado answers them. */
@org.junit.jupiter.api.Timeout(30)
class ArgumentsParityTest {
    static class Args extends RequestHandler {
        @Override
        public void get() {
            write("a=[" + getArgument("a", "NONE") + "] raw=[" + getArgument("a", "NONE", false)
                    + "] m=" + String.join(",", getArguments("m")) + " q=[" + getQueryArgument("q", "NONE")
                    + "] all=" + String.join(",", new TreeSet<>(arguments().keySet())));
        }

        @Override
        public void post() {
            write("b=[" + getBodyArgument("b", "NONE") + "] body=" + String.join(",", getBodyArguments("b"))
                    + " query=" + String.join(",", getQueryArguments("b")) + " q=" + getQueryArgument("b")
                    + " map=" + arguments().get("b"));
        }
    }

    static class Required extends RequestHandler {
        @Override
        public void get() {
            write(getArgument("a"));
        }
    }

    static class ReadOnly extends RequestHandler {
        @Override
        public void get() {
            Map<String, List<String>> all = arguments();
            assertThrows(UnsupportedOperationException.class, () -> all.put("x", List.of()));
            assertThrows(UnsupportedOperationException.class, () -> all.get("a").add("x"));
            write("read-only " + all);
        }
    }

    static class PathArg extends RequestHandler {
        @Override
        public void get() {
            write("[" + pathArg(0) + "]");
        }
    }

    private final WebServerFixture web = new WebServerFixture(Route.of("/args", Args::new),
            Route.of("/required", Required::new), Route.of("/readonly", ReadOnly::new),
            Route.of("/path/([^/]*)", PathArg::new));

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private RawClient.Response post(String target, String contentType, String body) throws Exception {
        return web.request("POST " + target + " HTTP/1.1\r\nHost: t\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length
                + "\r\n\r\n" + body);
    }

    @Test
    void valuesAreStrippedUnlessAskedAndControlCharactersBecomeSpaces() throws Exception {
        assertEquals("a=[hi] raw=[ hi ] m=1,2 q=[x] all=a,m,q", web.get("/args?a=%20hi%20&m=1&m=2&q=x").body);
        assertEquals("a=[last] raw=[last] m= q=[NONE] all=a", web.get("/args?a=%01x%7f%0b&a=last").body);
        assertEquals("a=[x\u007f] raw=[ x\u007f\u000b] m= q=[NONE] all=a", web.get("/args?a=%01x%7f%0b").body);
        // Python's str.strip: U+2003 and U+00A0 go too, which Java's strip() would keep (U+00A0).
        assertEquals("a=[x] raw=[\u2003x\u00a0] m= q=[NONE] all=a", web.get("/args?a=%E2%80%83x%C2%A0").body);
        assertEquals("a=[x] raw=[\n x\n\t] m= q=[NONE] all=a", web.get("/args?a=%0a%20x%0a%09").body);
        assertEquals("a=[x] raw=[ x ] m= q=[NONE] all=,a", web.get("/args?a=+x+&&=v").body);
    }

    @Test
    void queryAndBodyHaveSingleValueReadersAndOneReadOnlyMap() throws Exception {
        assertEquals("b=[2] body=body,2 query=q q=q map=[q,  body , 2]",
                post("/args?b=q", "application/x-www-form-urlencoded", "b=+body+&b=2").body);
        assertEquals("b=[v] body=v query=fromquery q=fromquery map=[fromquery,  v ]",
                post("/args?b=fromquery", "multipart/form-data; boundary=B",
                        "--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n v \r\n--B--\r\n").body);
        assertEquals(200, web.get("/readonly?a=1").status);
        assertEquals(List.of(), web.errors());
    }

    @Test
    void escapesAndRawBytesAreDecodedAsTornadoDecodesThem() throws Exception {
        assertEquals("a=[é] raw=[é] m= q=[NONE] all=a", web.get("/args?a=%C3%A9").body);
        assertEquals("a=[é] raw=[é] m= q=[NONE] all=a", web.get("/args?a=\u00c3\u00a9").body); // raw UTF-8
        assertEquals("a=[%zz] raw=[%zz] m= q=[NONE] all=a,b", web.get("/args?a=%zz&b=%").body);
        assertEquals("a=[1;b=2] raw=[1;b=2] m= q=[NONE] all=a", web.get("/args?a=1;b=2").body);
        // Names are bytes read as ISO-8859-1, as Tornado's are.
        assertEquals("a=[] raw=[] m= q=[NONE] all=a,\u00c3\u00a9", web.get("/args?%C3%A9=1&a").body);
        assertEquals("[a b]", web.get("/path/a%20b").body);
        assertEquals("[a+b]", web.get("/path/a+b").body);
        assertEquals("[é]", web.get("/path/%C3%A9").body);
        assertEquals("[\u00c3\u00a9]", web.get("/path/\u00c3\u00a9").body); // Tornado's mojibake
        assertEquals("[%]", web.get("/path/%").body);
        web.assertHealthy();
    }

    @Test
    void badUtf8AndMissingArgumentsAre400LoggedAtWarningNeverAtError() throws Exception {
        for (String target : new String[] {"/args?a=%FF", "/args?a=%E9", "/required", "/required?a=%80",
                "/path/%FF"}) {
            RawClient.Response r = web.get(target);
            assertEquals(400, r.status, target);
            assertEquals("<html><title>400: Bad Request</title><body>400: Bad Request</body></html>", r.body);
        }
        assertEquals(400, post("/args", "application/x-www-form-urlencoded", "b=%FF").status);
        assertEquals(400, post("/args", "multipart/form-data; boundary=B", "garbage").status);
        assertEquals(400, post("/args", "multipart/form-data", "--B--").status);
        assertEquals("", web.get("/required?a=").body); // present but empty is not missing
        List<WebServerFixture.Logged> logged = web.records(17);
        List<String> warnings = logged.stream().filter(l -> !l.message().endsWith("ms"))
                .map(l -> l.level() + " " + l.message()).toList();
        assertEquals(List.of(
                "WARNING 400 GET /args?a=%FF (127.0.0.1): Invalid unicode in a: b'\\xff'",
                "WARNING 400 GET /args?a=%E9 (127.0.0.1): Invalid unicode in a: b'\\xe9'",
                "WARNING 400 GET /required (127.0.0.1): Missing argument a",
                "WARNING 400 GET /required?a=%80 (127.0.0.1): Invalid unicode in a: b'\\x80'",
                "WARNING 400 GET /path/%FF (127.0.0.1): Invalid unicode in url: b'\\xff'",
                "WARNING 400 POST /args (127.0.0.1): Invalid unicode in b: b'\\xff'",
                "WARNING 400 POST /args (127.0.0.1): Invalid body: Invalid multipart/form-data: Invalid"
                        + " multipart/form-data: no final boundary found",
                "WARNING 400 POST /args (127.0.0.1): Invalid body: Invalid multipart/form-data: multipart"
                        + " boundary not found"), warnings);
        web.assertHealthy();
    }
}
