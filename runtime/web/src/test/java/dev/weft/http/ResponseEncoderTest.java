package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response encoder on its own: the bytes each kind of response becomes, no socket. */
class ResponseEncoderTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpHeaders headers(String... pairs) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void contentLengthBodyIsSentAsItIs() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.1", "GET", true);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe",
                s(e.head(200, null, headers("Content-Length", "5"), b("he"))));
        assertEquals(3, e.missingBytes());
        assertEquals("llo", s(e.body(b("llo"))));
        assertEquals(0, e.missingBytes());
        assertEquals("", s(e.end()));
        assertTrue(e.keepAlive());
        assertThrows(IllegalStateException.class, () -> e.body(b("!")), "past Content-Length");
    }

    @Test
    void withoutLengthHttp11IsChunked() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.1", "GET", true);
        assertEquals("HTTP/1.1 201 Made\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
                s(e.head(201, "Made", new HttpHeaders(), b("abc"))));
        assertEquals("10\r\n" + "x".repeat(16) + "\r\n", s(e.body(b("x".repeat(16)))));
        assertEquals("", s(e.body(new byte[0])), "an empty write is not the last chunk");
        assertEquals("0\r\n\r\n", s(e.end()));
    }

    @Test
    void withoutLengthHttp10EndsWithTheConnection() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.0", "GET", true);
        assertEquals("HTTP/1.1 200 OK\r\n\r\nabc", s(e.head(200, null, new HttpHeaders(), b("abc"))),
                "HTTP/1.0 closes by default: nothing to say, as in Tornado");
        assertFalse(e.keepAlive());
        assertEquals("", s(e.end()));
    }

    @Test
    void http10KeepAliveIsSaidWhenKept() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.0", "GET", true);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n",
                s(e.head(200, null, headers("Content-Length", "0"), null)));
        assertTrue(e.keepAlive());
    }

    @Test
    void noBodyForHeadAnd204And304And1xx() {
        for (int status : new int[] {204, 304, 101}) {
            ResponseEncoder e = new ResponseEncoder("HTTP/1.1", "GET", true);
            assertEquals("HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n\r\n",
                    s(e.head(status, null, new HttpHeaders(), b("dropped"))));
            assertEquals("", s(e.body(b("dropped"))));
            assertEquals("", s(e.end()));
        }
        ResponseEncoder head = new ResponseEncoder("HTTP/1.1", "HEAD", true);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n",
                s(head.head(200, null, headers("Content-Length", "7"), b("dropped"))));
        assertEquals(0, head.missingBytes(), "a HEAD response owes no body");
    }

    @Test
    void connectionCloseFromTheHandlerOrTheRequestEndsKeepAlive() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.1", "GET", true);
        e.head(200, null, headers("Connection", "Close", "Content-Length", "0"), null);
        assertFalse(e.keepAlive());
        ResponseEncoder n = new ResponseEncoder("HTTP/1.1", "GET", false);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                s(n.head(200, null, headers("Content-Length", "0"), null)));
    }

    @Test
    void unsafeHeadsAreRefusedBeforeAnythingChanges() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.1", "GET", true);
        assertThrows(IllegalArgumentException.class, () -> e.head(200, null, headers("X", "a\r\nSet-Cookie: x"), null));
        assertThrows(IllegalArgumentException.class, () -> e.head(200, null, headers("X", "a\u0000"), null));
        assertThrows(IllegalArgumentException.class, () -> e.head(200, null, headers("X Y", "a"), null));
        assertThrows(IllegalArgumentException.class, () -> e.head(200, "OK\r\nX: y", new HttpHeaders(), null));
        assertThrows(IllegalArgumentException.class, () -> e.head(99, null, new HttpHeaders(), null));
        assertThrows(IllegalArgumentException.class, () -> e.head(200, null, headers("Content-Length", "-1"), null));
        HttpHeaders fine = new HttpHeaders();
        assertEquals("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n",
                s(e.head(500, null, fine, null)), "still able to send an error page");
    }

    @Test
    void charsAboveLatin1AreSentAsUtf8() {
        ResponseEncoder e = new ResponseEncoder("HTTP/1.1", "GET", true);
        byte[] out = e.head(302, null, headers("Location", "/caf\u00e9/\u20ac", "Content-Length", "0"), null);
        assertEquals("HTTP/1.1 302 Found\r\nLocation: /caf\u00c3\u00a9/\u00e2\u0082\u00ac\r\nContent-Length: 0\r\n\r\n", s(out));
    }
}
