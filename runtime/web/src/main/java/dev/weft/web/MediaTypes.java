package dev.weft.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The media type of a file by its name, as Tornado's StaticFileHandler gets it from Python's
 * {@code mimetypes} (its built-in table, in {@code media-types.properties}): a compressed file
 * ({@code .gz}) is {@code application/gzip}, other encodings ({@code .bz2}, {@code .xz},
 * {@code .br}, {@code .Z}) and unknown names {@code application/octet-stream} (RFC 6713).
 */
final class MediaTypes {
    private static final Map<String, String> ENCODINGS =
            Map.of(".gz", "gzip", ".Z", "compress", ".bz2", "bzip2", ".xz", "xz", ".br", "br");
    // Python's suffix_map: names that stand for a type plus an encoding.
    private static final Map<String, String> SUFFIXES = Map.of(".svgz", ".svg.gz", ".tgz", ".tar.gz",
            ".taz", ".tar.gz", ".tz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz");
    private static final Properties TYPES = load();

    private MediaTypes() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = MediaTypes.class.getResourceAsStream("media-types.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("weft-web's media-types.properties is missing", e);
        }
        return p;
    }

    /**
     * The {@code Content-Type} for a file.
     *
     * @param fileName the file's name (no directories needed)
     * @return the type, never null
     */
    static String of(String fileName) {
        String base = fileName;
        String ext = extension(base);
        String suffix = SUFFIXES.get(ext) != null ? SUFFIXES.get(ext) : SUFFIXES.get(lower(ext));
        if (suffix != null) {
            base = base.substring(0, base.length() - ext.length()) + suffix;
            ext = extension(base);
        }
        String encoding = ENCODINGS.get(ext) != null ? ENCODINGS.get(ext) : ENCODINGS.get(lower(ext));
        if (encoding != null) {
            return encoding.equals("gzip") ? "application/gzip" : "application/octet-stream";
        }
        if (ext.isEmpty()) {
            return "application/octet-stream";
        }
        String type = TYPES.getProperty(ext.substring(1));
        if (type == null) {
            type = TYPES.getProperty(lower(ext).substring(1));
        }
        return type != null ? type : "application/octet-stream";
    }

    /** Python's {@code splitext}: from the last dot, unless the name only starts with dots. */
    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return "";
        }
        for (int i = 0; i < dot; i++) {
            if (name.charAt(i) != '.') {
                return name.substring(dot);
            }
        }
        return "";
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
