package dev.weft.web;

import dev.weft.http.HttpHeaders;
import dev.weft.http.PyStrings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip content coding of one response, with {@link Settings#compressResponse} on (Tornado's
 * {@code GZipContentEncoding}). Every response gets {@code Vary: Accept-Encoding}; it is
 * compressed, at level 6, when the client accepts gzip, its type is {@code text/*} or one of
 * {@link #TYPES}, it has no {@code Content-Encoding} already, and it is either sent in several
 * parts or at least {@value #MIN_LENGTH} bytes long (a shorter body would grow). A finished
 * response gets the compressed {@code Content-Length}; one flushed in parts is sent chunked.
 *
 * <p>Two departures from Tornado, for RFC 9110: {@code gzip;q=0} means not acceptable
 * (§12.4.2; Tornado looks for the text {@code gzip} only), and a {@code 206} is never compressed
 * (its {@code Content-Range} counts the bytes of the uncompressed file).
 *
 * <p>Thread rules: one per response, on its loop thread.
 */
final class GzipEncoding {
    /** Compressible types besides {@code text/*}, as Tornado lists them. */
    static final Set<String> TYPES = Set.of("application/javascript", "application/x-javascript",
            "application/xml", "application/atom+xml", "application/json", "application/xhtml+xml",
            "image/svg+xml");
    /** Shorter bodies sent in one part are not compressed. */
    static final int MIN_LENGTH = 1024;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean gzipping;
    private GZIPOutputStream gzip;

    GzipEncoding(String acceptEncoding) {
        this.gzipping = acceptsGzip(acceptEncoding);
    }

    /** Whether an {@code Accept-Encoding} value lists gzip with a weight above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            if (!PyStrings.strip(parts[0]).toLowerCase(Locale.ROOT).equals("gzip")) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String p = PyStrings.strip(parts[i]).toLowerCase(Locale.ROOT);
                if (p.startsWith("q=") && p.substring(2).trim().matches("0(\\.0{0,3})?")) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Adjusts the headers and encodes the first part of the body. */
    byte[] firstChunk(int status, HttpHeaders headers, byte[] chunk, boolean finishing) {
        String vary = headers.get("Vary");
        headers.set("Vary", vary != null ? vary + ", Accept-Encoding" : "Accept-Encoding");
        if (gzipping) {
            String type = headers.get("Content-Type");
            type = type == null ? "" : type.split(";", 2)[0];
            gzipping = (type.startsWith("text/") || TYPES.contains(type))
                    && (!finishing || chunk.length >= MIN_LENGTH)
                    && !headers.contains("Content-Encoding") && status != 206;
        }
        if (!gzipping) {
            return chunk;
        }
        headers.set("Content-Encoding", "gzip");
        try {
            gzip = new GZIPOutputStream(out, true) {
                {
                    def.setLevel(6);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] encoded = chunk(chunk, finishing);
        if (headers.contains("Content-Length")) {
            if (finishing) {
                headers.set("Content-Length", Integer.toString(encoded.length));
            } else {
                headers.remove("Content-Length");
            }
        }
        return encoded;
    }

    /** Encodes a later part; the last one ({@code finishing}) ends the gzip stream. */
    byte[] chunk(byte[] chunk, boolean finishing) {
        if (!gzipping) {
            return chunk;
        }
        try {
            gzip.write(chunk);
            if (finishing) {
                gzip.close();
            } else {
                gzip.flush(); // a sync flush: what is sent can be decoded at once
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] encoded = out.toByteArray();
        out.reset();
        return encoded;
    }
}
