package dev.weft.weaver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a classes directory looked like after the last successful weave: the size and
 * modification time of every class file, frame classes included, in the order the directory
 * lists them ({@link ClassFiles}), so that the next run reads only the files that changed, and a
 * run in which nothing changed only compares one listing with the saved one, line by line
 * ({@link #describes}).
 *
 * <p>A modification time only proves a file unchanged if the file could not have been written
 * again within the same tick of the file system's clock after it was looked at (Linux stamps
 * files with a clock that advances every few milliseconds). So an entry is kept only when the
 * file's time is strictly older than a stamp the file system itself wrote before the file was
 * looked at; a file written later, or in the same tick, is simply read again on the next run.
 * This is the rule git uses for its index ("racily clean" entries).
 */
final class ClassFileState {
    private static final String HEADER = "weft class files 2";
    /** Longer than Linux's file clock tick (1 to 10 ms), short enough not to slow a build. */
    private static final long TICK_WAIT_NANOS = 20_000_000;

    /**
     * The size and modification time of one file, in nanoseconds since the epoch. A class, not a
     * record: a record's {@code equals} is bootstrapped through {@code invokedynamic}, about 15 ms
     * of CPU in a fresh JVM, a third of what a whole no-change rebuild may cost.
     */
    static final class Stamp {
        private final long size;
        private final long modified;

        Stamp(long size, long modified) {
            this.size = size;
            this.modified = modified;
        }

        static Stamp of(long size, FileTime modified) {
            return new Stamp(size, modified.to(TimeUnit.NANOSECONDS));
        }

        long size() {
            return size;
        }

        long modified() {
            return modified;
        }

        /**
         * Whether a file stamped {@code now} is the file this stamp was taken of, unchanged: the
         * same size and time, or the same size and this time cut to whole milliseconds. The
         * second is what maven-jar-plugin 2.4 (the default of Maven 3.8) leaves behind: through
         * plexus-io 2.0, it calls {@code File.setLastModified(file.lastModified())} on every file
         * it packs, which drops the sub-millisecond part. It proves the file unchanged as well: a
         * file written after this stamp was saved has a time later than the saved one (which is
         * older than the file system's own stamp taken before the file was looked at), so never
         * a time earlier than it, as the cut one is.
         */
        boolean matches(long nowSize, long nowModified) {
            return ClassFileState.matches(size, modified, nowSize, nowModified);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && s.size == size && s.modified == modified;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 + Long.hashCode(modified);
        }

        @Override
        public String toString() {
            return "Stamp[size=" + size + ", modified=" + modified + "]";
        }
    }

    /** The saved time proves a file unchanged: see {@link Stamp#matches}. */
    private static boolean matches(long size, long modified, long nowSize, long nowModified) {
        return nowSize == size && (nowModified == modified
                || nowModified == Math.floorDiv(modified, 1_000_000L) * 1_000_000L);
    }

    private static final byte[] HEADER_LINE = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    /** The saved file's bytes; empty when there is none, or none that can be understood. */
    private final byte[] saved;
    private Map<String, Stamp> entries; // parsed from saved when first asked

    private ClassFileState(Path file, byte[] saved) {
        this.file = file;
        this.saved = saved;
    }

    /**
     * The state last saved in {@code file}; empty (every class is read) when there is none or it
     * cannot be understood.
     */
    static ClassFileState read(Path file) {
        byte[] bytes = new byte[0];
        if (Files.isRegularFile(file)) {
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException | RuntimeException e) {
                bytes = new byte[0]; // unreadable: weave as on a first build
            }
        }
        if (bytes.length < HEADER_LINE.length
                || !Arrays.equals(bytes, 0, HEADER_LINE.length, HEADER_LINE, 0, HEADER_LINE.length)) {
            bytes = new byte[0];
        }
        return new ClassFileState(file, bytes);
    }

    /**
     * Whether listing {@code root} now gives exactly the saved listing: the same class files, in
     * the same order, each unchanged by {@link Stamp#matches}. Then nothing was added, changed or
     * removed, frame classes included, and a run has nothing to read, write, delete or save. One
     * pass over the listing and the saved bytes, with nothing sorted, looked up or parsed into
     * objects: in a fresh JVM, where this runs interpreted, that is most of what a rebuild with
     * nothing changed costs beyond the listing itself. A listing in another order (a directory
     * rewritten) only means the run takes the longer way.
     */
    boolean describes(Path root) throws IOException {
        if (saved.length == 0) {
            return false;
        }
        Comparison comparison = new Comparison();
        try {
            return ClassFiles.list(root, comparison) && comparison.at == saved.length;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * Walks the saved lines along a listing. A class, not a lambda: in a fresh JVM the first
     * lambda of a call site costs its bootstrap, as much as a tenth of the whole check.
     */
    private final class Comparison implements ClassFiles.Visitor {
        int at = HEADER_LINE.length;

        @Override
        public boolean visit(String name, long size, long modified) {
            int from = at;
            if (from >= saved.length) {
                return false; // a class file more than was saved
            }
            int sizeEnd = indexOf(saved, (byte) ' ', from);
            int modifiedEnd = indexOf(saved, (byte) ' ', sizeEnd + 1);
            int nameEnd = indexOf(saved, (byte) '\n', modifiedEnd + 1);
            at = nameEnd + 1;
            return sameName(name, saved, modifiedEnd + 1, nameEnd)
                    && matches(number(saved, from, sizeEnd),
                            number(saved, sizeEnd + 1, modifiedEnd), size, modified);
        }
    }

    /** Whether {@code name} is the UTF-8 of {@code bytes[from, to)}, without decoding them. */
    private static boolean sameName(String name, byte[] bytes, int from, int to) {
        int n = name.length();
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) { // outside ASCII: compare the encoded name
                byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
                return Arrays.equals(utf8, 0, utf8.length, bytes, from, to);
            }
            if (from + i >= to || bytes[from + i] != c) {
                return false;
            }
        }
        return n == to - from;
    }

    private Map<String, Stamp> entries() {
        if (entries == null) {
            entries = new HashMap<>();
            try {
                parse(saved, entries);
            } catch (RuntimeException e) {
                entries.clear(); // unreadable: weave as on a first build
            }
        }
        return entries;
    }

    /**
     * Reads the lines {@code SIZE MODIFIED NAME} after the header, from the bytes: in a fresh
     * JVM, where this runs interpreted, a reader's line-by-line decoding cost twice as much.
     */
    private static void parse(byte[] bytes, Map<String, Stamp> entries) {
        int at = bytes.length == 0 ? 0 : HEADER_LINE.length;
        while (at < bytes.length) {
            int sizeEnd = indexOf(bytes, (byte) ' ', at);
            int modifiedEnd = indexOf(bytes, (byte) ' ', sizeEnd + 1);
            int nameEnd = indexOf(bytes, (byte) '\n', modifiedEnd + 1);
            entries.put(new String(bytes, modifiedEnd + 1, nameEnd - modifiedEnd - 1,
                    StandardCharsets.UTF_8), new Stamp(number(bytes, at, sizeEnd),
                    number(bytes, sizeEnd + 1, modifiedEnd)));
            at = nameEnd + 1;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("truncated state file");
    }

    private static long number(byte[] bytes, int from, int to) {
        if (from == to) {
            throw new NumberFormatException("empty number");
        }
        boolean negative = bytes[from] == '-';
        long n = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a number in the state file");
            }
            n = n * 10 + digit;
        }
        return negative ? -n : n;
    }

    /** How many files the saved state vouches for, frame classes included. */
    int size() {
        return entries().size();
    }

    /** Whether the file at {@code relative} is known to be unchanged since the last save. */
    boolean unchanged(String relative, Stamp now) {
        return unchanged(relative, now.size(), now.modified());
    }

    /**
     * Whether the file at {@code relative}, now of {@code size} bytes and modified at
     * {@code modified} (nanoseconds), is known to be unchanged since the last save.
     */
    boolean unchanged(String relative, long size, long modified) {
        Stamp stamp = entries().get(relative);
        return stamp != null && stamp.matches(size, modified);
    }

    /** Whether the saved state has an entry for {@code relative}. */
    boolean knows(String relative) {
        return entries().containsKey(relative);
    }

    /**
     * A time from the file system's own clock: any file written from now on has a modification
     * time at least this.
     */
    FileTime stamp() throws IOException {
        Path marker = marker();
        Files.createDirectories(marker.getParent());
        Files.write(marker, new byte[0]);
        return Files.getLastModifiedTime(marker);
    }

    /**
     * A {@link #stamp()} later than {@code latest}, waiting at most a few ticks of the file
     * system's clock for it: the files a run wrote itself then need not be read again on the
     * next run. If the clock is coarser than that (seconds), the stamp returned is the last one
     * taken and those files are merely read again.
     *
     * @param latest the latest modification time among the files just written
     */
    FileTime stampAfter(FileTime latest) throws IOException {
        long deadline = System.nanoTime() + TICK_WAIT_NANOS;
        FileTime stamp = stamp();
        while (stamp.compareTo(latest) <= 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            stamp = stamp();
        }
        return stamp;
    }

    /**
     * Replaces the saved state with the listing of {@code root} as it is now, in its order. Each
     * file must have been looked at after a stamp was taken: only a file found as it was looked
     * at, and strictly older than that stamp, is vouched for; any other is simply read again on
     * the next run.
     *
     * @param root the classes directory, listed again here
     * @param looked the files as the run found them (frame classes included), looked at after
     *        {@code begin}
     * @param begin the stamp taken before the run looked at any file
     * @param rewritten the files the run wrote, looked at again after {@code end}
     * @param end the stamp taken after the run wrote its files
     */
    void save(Path root, Map<String, Stamp> looked, FileTime begin, Map<String, Stamp> rewritten,
            FileTime end) throws IOException {
        long beginNanos = begin.to(TimeUnit.NANOSECONDS);
        long endNanos = end.to(TimeUnit.NANOSECONDS);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        ClassFiles.list(root, (name, size, modified) -> {
            Stamp again = rewritten.get(name);
            Stamp seen = again != null ? again : looked.get(name);
            long before = again != null ? endNanos : beginNanos;
            if (seen != null && seen.size() == size && seen.modified() == modified
                    && modified < before) {
                // '\n', not the line separator: the reader splits on '\n' alone, everywhere
                out.append(size).append(' ').append(modified).append(' ').append(name).append('\n');
            }
            return true;
        });
        Path marker = marker();
        Files.createDirectories(marker.getParent());
        Files.write(marker, out.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(marker, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private Path marker() {
        return file.resolveSibling(file.getFileName() + ".new");
    }
}
