package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The arguments decoded, as a handler reads them. */
    private static Map<String, List<String>> text(FormData f) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        f.arguments.forEach((k, v) -> m.put(k, v.stream().map(b -> Arguments.decode(b, k)).toList()));
        return m;
    }

    @Test
    void urlEncoded() {
        FormData f = FormData.parse("application/x-www-form-urlencoded; charset=UTF-8", bytes("a=1&a=2&b=%C3%A9"));
        assertEquals(Map.of("a", List.of("1", "2"), "b", List.of("é")), text(f));
    }

    @Test
    void multipartFieldsAndFiles() {
        String body = "preamble\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "héllo\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"upload\"; filename=\"a \\\"b\\\".txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "line1\r\nline2\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"raw\"; filename=\"x.bin\"\r\n\r\n"
                + "\u0000\u0001\r\n--XyZ--\r\nepilogue";
        FormData f = FormData.parse("multipart/form-data; boundary=XyZ", bytes(body));
        assertEquals(Map.of("title", List.of("héllo")), text(f));
        UploadedFile up = f.files.get("upload").get(0);
        assertEquals("a \"b\".txt", up.filename());
        assertEquals("text/plain", up.contentType());
        assertEquals("line1\r\nline2", new String(up.body(), StandardCharsets.UTF_8));
        UploadedFile raw = f.files.get("raw").get(0);
        assertEquals("application/octet-stream", raw.contentType());
        assertArrayEquals(new byte[] {0, 1}, raw.body());
    }

    @Test
    void malformedBodiesGiveNoArguments() {
        assertEquals(Map.of(), FormData.parse("multipart/form-data", bytes("x")).arguments);
        assertEquals(Map.of(), FormData.parse("multipart/form-data; boundary=B", bytes("no delimiter")).arguments);
        assertEquals(Map.of(), FormData.parse("multipart/form-data; boundary=B",
                bytes("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated")).arguments);
        assertEquals(Map.of(), FormData.parse("multipart/form-data; boundary=B",
                bytes("--B\r\nno headers end\r\n--B--")).arguments);
        assertEquals(Map.of(), FormData.parse("text/plain", bytes("a=1")).arguments);
        assertEquals(Map.of(), FormData.parse(null, bytes("a=1")).arguments);
    }
}
