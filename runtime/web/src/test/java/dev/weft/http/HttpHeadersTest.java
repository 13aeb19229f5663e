package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {
    @Test
    void namesAreCaseInsensitiveAndValuesKeepTheirOrder() {
        HttpHeaders h = new HttpHeaders();
        h.add("Set-Cookie", "a=1");
        h.add("Content-Type", "text/plain");
        h.add("set-cookie", "b=2");
        assertEquals("a=1,b=2", h.get("SET-COOKIE"), "Tornado's comma-joined value");
        assertEquals("text/plain", h.get("content-type"));
        assertEquals(List.of("a=1", "b=2"), h.getAll("Set-Cookie"));
        assertEquals(Set.of("set-cookie", "content-type"), h.names());
        assertEquals(3, h.size());
        assertNull(h.get("Missing"));
        assertEquals(List.of(), h.getAll("Missing"));
    }

    @Test
    void setReplacesInPlaceAndRemoveDropsEveryValue() {
        HttpHeaders h = new HttpHeaders();
        h.add("A", "1");
        h.add("B", "2");
        h.add("a", "3");
        h.set("a", "x");
        StringBuilder order = new StringBuilder();
        h.forEach((n, v) -> order.append(n).append('=').append(v).append(';'));
        assertEquals("A=x;B=2;", order.toString());
        assertTrue(h.remove("b"));
        assertFalse(h.contains("B"));
        assertFalse(h.remove("b"));
        assertEquals(1, h.size());
    }

    @Test
    void tokensInCommaSeparatedValues() {
        HttpHeaders h = new HttpHeaders();
        h.add("Connection", "keep-alive, Upgrade");
        h.add("Connection", "Close");
        assertTrue(h.hasToken("connection", "upgrade"));
        assertTrue(h.hasToken("Connection", "close"));
        assertFalse(h.hasToken("Connection", "keep"));
        HttpHeaders odd = new HttpHeaders();
        odd.add("TE", " ,\tgzip ,, trailers\t");
        odd.add("Empty", "");
        assertTrue(odd.hasToken("te", "gzip"));
        assertTrue(odd.hasToken("te", "trailers"));
        assertTrue(odd.hasToken("te", ""), "an empty part is an empty token");
        assertFalse(odd.hasToken("te", "gzip ,"));
        assertFalse(odd.hasToken("te", "trailer"));
        assertTrue(odd.hasToken("Empty", ""));
        assertFalse(odd.hasToken("Empty", "x"));
        assertFalse(odd.hasToken("Missing", ""));
    }

    @Test
    void growsPastItsInitialCapacity() {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < 100; i++) {
            h.add("X-" + i, Integer.toString(i));
        }
        assertEquals("99", h.get("x-99"));
        assertEquals(100, h.size());
    }
}
