package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.RawClient;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Json.parse against what Python's json.loads reads, and the handler's 400 for bad bodies. */
@org.junit.jupiter.api.Timeout(60)
class JsonParseTest {
    @Test
    void values() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse(" false "));
        assertEquals(null, Json.parse("\tnull\r\n"));
        assertEquals(0L, Json.parse("0"));
        assertEquals(-12L, Json.parse("-12"));
        assertEquals(new BigInteger("123456789012345678901234567890"), Json.parse("123456789012345678901234567890"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(-0.0, Json.parse("-0.0"));
        assertEquals(1e20, Json.parse("1E+20"));
        assertEquals(2.5e-3, Json.parse("25e-4"));
        assertEquals(List.of(1L, "a", List.of()), Json.parse("[1,\"a\",[]]"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 2L);
        m.put("a", Arrays.asList((Object) null));
        assertEquals(m, Json.parse("{\"b\":1, \"a\": [null], \"b\" : 2}"), "a repeated key keeps its last value");
        assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) Json.parse("{\"b\":1,\"a\":2}")).keySet()));
    }

    @Test
    void everyEscape() {
        assertEquals("\" \\ / \b \f \n \r \t é \uD83D\uDE00 \uDC00",
                Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9 \\ud83d\\ude00 \\udc00\""));
        assertEquals("é€", Json.parse("\"é€\""), "raw non-ASCII text");
    }

    @Test
    void refusals() {
        String[] bad = {
            "", " ", "tru", "nul", "True", "NaN", "Infinity", "-Infinity", "1e999", "-1e400", "01", "-01", "1.",
            ".5", "+1", "-", "1e", "0x10", "[1,]", "[,1]", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\" 1}",
            "{1:2}", "[1 2]", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\u١٢٣٤\"", "\"tab\there\"",
            "\"nl\n\"", "[1]]", "{} {}", "// c\n1", "/* c */ 1", "[", "{", "{\"a\"", "{\"a\":", "\"\\",
            "\u00a01", "1\u00a0", "[\"a\",\"b\"", "\ufeff1", "1".repeat(5000),
        };
        for (String b : bad) {
            MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> Json.parse(b), b);
            assertTrue(e.getMessage().contains(": char "), e.getMessage());
        }
        assertEquals("Expecting ',' delimiter: char 3", assertThrows(MalformedJsonException.class,
                () -> Json.parse("[1 2]")).getMessage());
        assertEquals("Extra data: char 2", assertThrows(MalformedJsonException.class,
                () -> Json.parse("[]]")).getMessage());
    }

    @Test
    void depthIsLimited() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        Object v = Json.parse(deep);
        for (int i = 0; i < 999; i++) {
            v = ((List<?>) v).get(0);
        }
        assertEquals(List.of(), v);
        String tooDeep = "[".repeat(1001) + "]".repeat(1001);
        assertTrue(assertThrows(MalformedJsonException.class, () -> Json.parse(tooDeep)).getMessage()
                .startsWith("Nested deeper than 1000"));
        String hostile = "{\"a\":".repeat(100_000);
        assertThrows(MalformedJsonException.class, () -> Json.parse(hostile));
    }

    static class Api extends RequestHandler {
        @Override
        public void post() {
            Map<String, Object> in = jsonBodyObject();
            write(Map.of("name", in.get("name"), "seen", in.size()));
        }

        @Override
        public void put() {
            write(String.valueOf(jsonBody()));
        }
    }

    private static String post(String method, byte[] body) {
        return method + " /api HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
    }

    @Test
    void handlersGet400ForMalformedBodies() throws Exception {
        try (WebServerFixture web = new WebServerFixture(Route.of("/api", Api::new))) {
            byte[] ok = "{\"name\": \"caf\u00e9\", \"n\": 1}".getBytes(StandardCharsets.UTF_8);
            RawClient.Response r = web.request(new String(post("POST", ok).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1));
            assertEquals(200, r.status, r.toString());
            assertEquals("{\"name\": \"caf\\u00e9\", \"seen\": 2}".length(), r.body.length());
            assertTrue(r.body.contains("\"caf\\u00e9\""), r.body);
            byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '[', '1', ']'};
            assertEquals("[1]", web.request(post("PUT", bom)).body);
            assertEquals("null", web.request(post("PUT", "null".getBytes(StandardCharsets.US_ASCII))).body);

            r = web.request(post("POST", "{\"name\": 1,}".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(400, r.status);
            assertEquals("HTTP/1.1 400 Malformed JSON body: Expecting property name enclosed in double quotes: char 11",
                    r.statusLine);
            assertTrue(r.body.contains("Malformed JSON body"), r.body);
            r = web.request(post("POST", "[1, 2]".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(400, r.status);
            assertEquals("HTTP/1.1 400 JSON body must be an object", r.statusLine);
            r = web.request(post("POST", new byte[] {'"', (byte) 0xff, '"'}));
            assertEquals("HTTP/1.1 400 JSON body is not UTF-8", r.statusLine);
            r = web.request(post("POST", new byte[0]));
            assertEquals("HTTP/1.1 400 Malformed JSON body: Expecting value: char 0", r.statusLine);
            r = web.request(post("POST", "[".repeat(5000).getBytes(StandardCharsets.US_ASCII)));
            assertEquals(400, r.status);
            web.assertHealthy();
        }
    }
}
