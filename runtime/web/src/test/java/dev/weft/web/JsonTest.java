package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    enum Color { RED }

    record Point(int x, double y, Color c) {
    }

    @Test
    void scalars() {
        assertEquals("null", Json.write(null));
        assertEquals("true", Json.write(true));
        assertEquals("42", Json.write(42));
        assertEquals("-7", Json.write(-7L));
        assertEquals("2.0", Json.write(2.0));
        assertEquals("1e+20", Json.write(1e20));
        assertEquals("0.1", Json.write(0.1));
        assertEquals("12.50", Json.write(new BigDecimal("12.50")));
        assertEquals("\"x\"", Json.write('x'));
    }

    @Test
    void floatsAreWrittenAsPythonsRepr() {
        // Expected values from CPython 3.11's repr(float).
        double[] in = {1e20, 0.1, 2.0, 1e-5, 1e-4, 0.0001234, 123456789012345678.0, 1e16,
            9999999999999998.0, 1.5e300, -0.25, 5e-324, 12345678.9, 100.0, 1e15, -0.0};
        String[] out = {"1e+20", "0.1", "2.0", "1e-05", "0.0001", "0.0001234", "1.2345678901234568e+17",
            "1e+16", "9999999999999998.0", "1.5e+300", "-0.25", "5e-324", "12345678.9", "100.0",
            "1000000000000000.0", "-0.0"};
        for (int i = 0; i < in.length; i++) {
            assertEquals(out[i], Json.write(in[i]), "repr of " + in[i]);
        }
    }

    @Test
    void stringsAreEscapedAsciiOnlyAsPythonDoes() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u2028\\u00e9\\ud83d\\ude00\\u007f\"",
                Json.write("a\"b\\c\n\t\u0001\u2028é😀\u007f"));
        assertEquals("\"<\\/script> a/b\"", Json.write("</script> a/b"));
    }

    @Test
    void containers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list", List.of(1, "two"));
        m.put("ints", new int[] {1, 2});
        m.put("point", new Point(1, 2.5, Color.RED));
        m.put("empty", Map.of());
        assertEquals("{\"list\": [1, \"two\"], \"ints\": [1, 2], \"point\": {\"x\": 1, \"y\": 2.5,"
                + " \"c\": \"RED\"}, \"empty\": {}}", Json.write(m));
    }

    @Test
    void refusals() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }
}
