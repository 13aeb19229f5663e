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

    private static dev.weft.http.HttpHeaders headers(String contentType, String... more) {
        dev.weft.http.HttpHeaders h = new dev.weft.http.HttpHeaders();
        if (contentType != null) {
            h.add("Content-Type", contentType);
        }
        for (int i = 0; i < more.length; i += 2) {
            h.add(more[i], more[i + 1]);
        }
        return h;
    }

    /** The log message of the 400 that parsing {@code body} answers. */
    private static String refusal(String contentType, String body) {
        HttpError e = org.junit.jupiter.api.Assertions.assertThrows(HttpError.class,
                () -> FormData.parse(headers(contentType), bytes(body)));
        assertEquals(400, e.status());
        return e.logMessage();
    }

    @Test
    void urlEncoded() {
        FormData f = FormData.parse(headers("application/x-www-form-urlencoded; charset=UTF-8"),
                bytes("a=1&a=2&b=%C3%A9"));
        assertEquals(Map.of("a", List.of("1", "2"), "b", List.of("é")), text(f));
    }

    @Test
    void multipartFieldsAndFiles() {
        String body = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "héllo\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"upload\"; filename=\"a \\\"b\\\";.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "line1\r\nline2\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"raw\"; filename*=utf-8''%C3%A9.bin\r\n\r\n"
                + "\u0000\u0001\r\n--XyZ--\r\nepilogue";
        FormData f = FormData.parse(headers("multipart/form-data; boundary=\"XyZ\""), bytes(body));
        assertEquals(Map.of("title", List.of("héllo")), text(f));
        UploadedFile up = f.files.get("upload").get(0);
        assertEquals("a \"b\";.txt", up.filename());
        assertEquals("text/plain", up.contentType());
        assertEquals("line1\r\nline2", new String(up.body(), StandardCharsets.UTF_8));
        UploadedFile raw = f.files.get("raw").get(0);
        assertEquals("é.bin", raw.filename());
        assertEquals("application/unknown", raw.contentType());
        assertArrayEquals(new byte[] {0, 1}, raw.body());
    }

    @Test
    void malformedMultipartBodiesAre400WithTornadosReason() {
        assertEquals("Invalid body: Invalid multipart/form-data: multipart boundary not found",
                refusal("multipart/form-data", "x"));
        assertEquals("Invalid body: Invalid multipart/form-data: Invalid multipart/form-data: no final"
                + " boundary found", refusal("multipart/form-data; boundary=B", "no delimiter"));
        assertEquals("Invalid body: Invalid multipart/form-data: multipart/form-data missing headers",
                refusal("multipart/form-data; boundary=B", "preamble\r\n--B\r\n--B--"));
        assertEquals("Invalid body: Invalid multipart/form-data: Invalid multipart/form-data",
                refusal("multipart/form-data; boundary=B", "--B\r\nContent-Disposition: attachment;"
                        + " name=a\r\n\r\nv\r\n--B--"));
        assertEquals("Invalid body: Invalid multipart/form-data: multipart/form-data missing name",
                refusal("multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data\r\n"
                        + "\r\nv\r\n--B--"));
        assertEquals("Invalid body: Invalid multipart/form-data: no colon in header line",
                refusal("multipart/form-data; boundary=B", "--B\r\nno colon\r\n\r\nv\r\n--B--"));
        HttpError e = org.junit.jupiter.api.Assertions.assertThrows(HttpError.class, () -> FormData.parse(
                headers("application/x-www-form-urlencoded", "Content-Encoding", "gzip"), bytes("a=1")));
        assertEquals("Invalid body: Unsupported Content-Encoding: gzip", e.logMessage());
    }

    @Test
    void otherBodiesGiveNoArguments() {
        assertEquals(Map.of(), FormData.parse(headers("text/plain"), bytes("a=1")).arguments);
        assertEquals(Map.of(), FormData.parse(headers(null), bytes("a=1")).arguments);
        // Tornado matches the media type case-sensitively.
        assertEquals(Map.of(), FormData.parse(headers("Application/X-WWW-Form-Urlencoded"),
                bytes("a=1")).arguments);
        assertEquals(Map.of(), FormData.parse(headers("multipart/form-data; boundary=B"),
                bytes("--B--")).arguments);
    }
}
