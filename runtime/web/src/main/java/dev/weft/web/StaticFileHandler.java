package dev.weft.web;

import dev.weft.Future;
import dev.weft.LoopLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the files under a directory (Tornado's {@code StaticFileHandler}). Route it with one
 * group, the file's path: {@code Route.of("/files/(.*)", () -> new StaticFileHandler(dir))}, or
 * let {@link Settings#staticPath} do it.
 *
 * <p>As in Tornado: the {@code Etag} is the SHA-512 of the content; {@code Last-Modified} is the
 * file's time; {@code If-None-Match} (or else {@code If-Modified-Since}) gives {@code 304};
 * one {@code Range} gives {@code 206} with {@code Content-Range}, an unsatisfiable one
 * {@code 416}, a malformed one or several ranges the whole file; {@code HEAD} gives the headers
 * only; a request with a {@code v} argument ({@link RequestHandler#staticUrl}) may be cached for
 * ten years. A path outside the root is {@code 403}, a missing file {@code 404}, a directory
 * {@code 403} (or its default file, after a redirect to the path with a slash).
 *
 * <p>Unlike Tornado, which checks only the path's text, a symbolic link leading out of the root
 * is also {@code 403}: the root is a boundary, whatever links an upload or a checkout left in it.
 *
 * <p>Thread rules: files are read on the loop thread, in 64 KiB parts, each awaited before the
 * next so that a slow client does not make the whole file sit in memory.
 */
public class StaticFileHandler extends RequestHandler {
    /** How long a versioned URL may be cached, in seconds: ten years, as in Tornado. */
    public static final long CACHE_MAX_AGE = 86400L * 365 * 10;

    private static final int CHUNK = 64 * 1024;
    // Content hashes by file, remembered while the file's size and time stay the same.
    private static final ConcurrentHashMap<Path, Version> VERSIONS = new ConcurrentHashMap<>();

    private record Version(long size, long modifiedMillis, String hash) {
    }

    private final Path root;
    private final String defaultFilename;

    /**
     * A handler for the files under {@code root}.
     *
     * @param root the directory
     */
    public StaticFileHandler(Path root) {
        this(root, null);
    }

    /**
     * A handler for the files under {@code root} that answers a directory with its
     * {@code defaultFilename} (for instance {@code index.html}).
     *
     * @param root the directory
     * @param defaultFilename the file served for a directory, or null for 403
     */
    public StaticFileHandler(Path root, String defaultFilename) {
        this.root = root.toAbsolutePath().normalize();
        this.defaultFilename = defaultFilename;
    }

    @Override
    public Future<?> getAsync() {
        return serve(true);
    }

    @Override
    public Future<?> headAsync() {
        return serve(false);
    }

    private Future<?> serve(boolean includeBody) {
        String path = pathArgs().isEmpty() ? namedPathArgs().get("path") : pathArgs().get(0);
        Path file = validate(path == null ? "" : path);
        if (file == null) {
            return null; // redirected
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new HttpError(404);
        }
        long modifiedSecond = attrs.lastModifiedTime().toMillis() / 1000; // Tornado drops the fraction
        long size = attrs.size();
        setHeader("Accept-Ranges", "bytes");
        setHeader("Etag", "\"" + version(file, attrs) + "\"");
        setHeader("Last-Modified", HttpDates.format(modifiedSecond * 1000));
        setHeader("Content-Type", MediaTypes.of(file.getFileName().toString()));
        if (arguments().containsKey("v")) {
            setHeader("Expires", HttpDates.format(System.currentTimeMillis() + CACHE_MAX_AGE * 1000));
            setHeader("Cache-Control", "max-age=" + CACHE_MAX_AGE);
        }
        if (shouldReturn304(modifiedSecond)) {
            setStatus(304);
            return null;
        }
        long start = 0;
        long end = size;
        String rangeHeader = request().headers().get("Range");
        ByteRange range = rangeHeader == null || rangeHeader.isEmpty() ? null : ByteRange.parse(rangeHeader);
        if (range != null) {
            Long s = range.start();
            Long e = range.end();
            if (s != null && s < 0) {
                s = Math.max(0, s + size);
            }
            if ((s != null && (s >= size || (e != null && s >= e))) || (e != null && e == 0)) {
                setStatus(416);
                setHeader("Content-Type", "text/plain");
                setHeader("Content-Range", "bytes */" + size);
                return null;
            }
            if (e != null && e > size) {
                e = size;
            }
            long from = s == null ? 0 : s;
            long to = e == null ? size : e;
            if (to - from != size) { // only part of the file: anything else is a plain 200
                setStatus(206);
                setHeader("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + size);
                start = from;
                end = to;
            }
        }
        setHeader("Content-Length", end - start);
        if (!includeBody) {
            return null;
        }
        return send(file, start, end - start);
    }

    /**
     * The file a URL path names, or null after redirecting a directory to its slashed path
     * (Tornado's {@code get_absolute_path} and {@code validate_absolute_path}).
     */
    private Path validate(String path) {
        Path absolute;
        try {
            absolute = root.resolve(path).normalize(); // an absolute path replaces the root, as os.path.join
        } catch (InvalidPathException e) {
            throw new HttpError(404, path + " is not a valid path"); // a NUL, say
        }
        if (!absolute.startsWith(root)) {
            throw new HttpError(403, path + " is not in root static directory");
        }
        if (Files.isDirectory(absolute) && defaultFilename != null) {
            if (!request().path().endsWith("/")) {
                redirect(request().path() + "/", true);
                return null;
            }
            absolute = absolute.resolve(defaultFilename);
        }
        if (!Files.exists(absolute)) {
            throw new HttpError(404);
        }
        try {
            if (!absolute.toRealPath().startsWith(root.toRealPath())) {
                throw new HttpError(403, path + " is not in root static directory");
            }
        } catch (IOException e) {
            throw new HttpError(404);
        }
        if (!Files.isRegularFile(absolute)) {
            throw new HttpError(403, path + " is not a file");
        }
        return absolute;
    }

    /** Tornado's {@code should_return_304}: If-None-Match decides if present, else If-Modified-Since. */
    private boolean shouldReturn304(long modifiedSecond) {
        String ifNoneMatch = request().headers().get("If-None-Match");
        if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
            return checkEtagHeader();
        }
        String ims = request().headers().get("If-Modified-Since");
        if (ims == null) {
            return false;
        }
        Long since = HttpDates.parseSeconds(ims);
        return since != null && since >= modifiedSecond; // not a date: ignored, as RFC 9110 §13.1.3 says
    }

    /** Writes {@code length} bytes from {@code start}, each part flushed before the next is read. */
    private Future<Void> send(Path file, long start, long length) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new HttpError(404);
        }
        Future<Void> done = new Future<>();
        pump(ch, start, length, done);
        return done;
    }

    private void pump(FileChannel ch, long position, long remaining, Future<Void> done) {
        try {
            while (true) {
                int n = (int) Math.min(CHUNK, remaining);
                ByteBuffer buf = ByteBuffer.allocate(n);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, position + buf.position()) < 0) {
                        throw new IOException("file shrank while being sent");
                    }
                }
                write(buf.array());
                position += n;
                remaining -= n;
                if (remaining == 0) {
                    ch.close();
                    done.setResult(null); // the handler's finish() sends the rest
                    return;
                }
                Future<Void> sent = flush();
                if (!sent.isDone()) {
                    long p = position;
                    long r = remaining;
                    sent.addDoneCallback(f -> {
                        if (f.exception() != null) {
                            closeQuietly(ch);
                            done.setException(f.exception());
                        } else {
                            pump(ch, p, r, done);
                        }
                    });
                    return;
                }
                if (sent.exception() != null) {
                    closeQuietly(ch);
                    done.setException(sent.exception());
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            done.setException(e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LoopLog.debug("Cannot close a static file", e);
        }
    }

    /**
     * The SHA-512 of a file's content in hexadecimal (Tornado's {@code get_content_version}),
     * or null if it cannot be read.
     *
     * @param file the file
     * @return the hash
     */
    static String version(Path file) {
        try {
            return version(file, Files.readAttributes(file, BasicFileAttributes.class));
        } catch (IOException e) {
            return null;
        }
    }

    private static String version(Path file, BasicFileAttributes attrs) {
        long size = attrs.size();
        long modified = attrs.lastModifiedTime().toMillis();
        Version v = VERSIONS.get(file);
        if (v != null && v.size() == size && v.modifiedMillis() == modified) {
            return v.hash();
        }
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e); // every JDK must have it
        }
        byte[] buf = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                sha512.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new HttpError(404);
        }
        String hash = HexFormat.of().formatHex(sha512.digest());
        VERSIONS.put(file, new Version(size, modified, hash));
        return hash;
    }

    /**
     * The URL of a static file with its version, {@code prefix + path + "?v=" + hash} (Tornado's
     * {@code make_static_url}); without the version if the file cannot be read (logged).
     *
     * @param settings the application's settings, with a static path
     * @param path the file's path under the static path
     * @param includeVersion whether to add {@code ?v=}
     * @return the URL path
     */
    static String makeStaticUrl(Settings settings, String path, boolean includeVersion) {
        String url = settings.staticUrlPrefix + path;
        if (!includeVersion) {
            return url;
        }
        String hash = null;
        try {
            Path file = settings.staticPath.toAbsolutePath().resolve(path).normalize();
            hash = Files.isRegularFile(file) ? version(file) : null;
        } catch (InvalidPathException | HttpError e) {
            hash = null;
        }
        if (hash == null) {
            LoopLog.error("Could not open static file " + path, null);
            return url;
        }
        return url + "?v=" + hash;
    }
}
