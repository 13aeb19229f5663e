package dev.weft.weaver;

import java.io.BufferedWriter;
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
 * modification time of every class file, so that the next run reads only the files that changed.
 *
 * <p>A modification time only proves a file unchanged if the file could not have been written
 * again within the same tick of the file system's clock after it was looked at (Linux stamps
 * files with a clock that advances every few milliseconds). So an entry is kept only when the
 * file's time is strictly older than a stamp the file system itself wrote before the file was
 * looked at; a file written later, or in the same tick, is simply read again on the next run.
 * This is the rule git uses for its index ("racily clean" entries).
 */
final class ClassFileState {
    private static final String HEADER = "weft class files 1";
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
            return nowSize == size && (nowModified == modified
                    || nowModified == Math.floorDiv(modified, 1_000_000L) * 1_000_000L);
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

    private final Path file;
    private final Map<String, Stamp> entries;

    private ClassFileState(Path file, Map<String, Stamp> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * The state last saved in {@code file}; empty (every class is read) when there is none or it
     * cannot be understood.
     */
    static ClassFileState read(Path file) {
        Map<String, Stamp> entries = new HashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                parse(Files.readAllBytes(file), entries);
            } catch (IOException | RuntimeException e) {
                entries.clear(); // unreadable: weave as on a first build
            }
        }
        return new ClassFileState(file, entries);
    }

    /**
     * Reads the lines {@code SIZE MODIFIED NAME} after the header, from the bytes: in a fresh
     * JVM, where this runs interpreted, a reader's line-by-line decoding cost twice as much.
     */
    private static void parse(byte[] bytes, Map<String, Stamp> entries) {
        byte[] header = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < header.length
                || !Arrays.equals(bytes, 0, header.length, header, 0, header.length)) {
            return;
        }
        int at = header.length;
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

    /** How many files the saved state vouches for. */
    int size() {
        return entries.size();
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
        Stamp saved = entries.get(relative);
        return saved != null && saved.matches(size, modified);
    }

    /** Whether the saved state has an entry for {@code relative}. */
    boolean knows(String relative) {
        return entries.containsKey(relative);
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
     * Replaces the saved state. Each group of files was looked at after its stamp was taken;
     * only entries strictly older than their stamp are kept.
     *
     * @param looked the files as the run found them, looked at after {@code begin}
     * @param begin the stamp taken before the run looked at any file
     * @param rewritten the files the run wrote, looked at again after {@code end}
     * @param end the stamp taken after the run wrote its files
     */
    void save(Map<String, Stamp> looked, FileTime begin, Map<String, Stamp> rewritten,
            FileTime end) throws IOException {
        Path marker = marker();
        Files.createDirectories(marker.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(marker, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (Map.Entry<String, Stamp> e : looked.entrySet()) {
                Stamp again = rewritten.get(e.getKey());
                write(out, e.getKey(), again != null ? again : e.getValue(),
                        again != null ? end : begin);
            }
            for (Map.Entry<String, Stamp> e : rewritten.entrySet()) {
                if (!looked.containsKey(e.getKey())) {
                    write(out, e.getKey(), e.getValue(), end);
                }
            }
        }
        Files.move(marker, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(BufferedWriter out, String relative, Stamp stamp, FileTime before)
            throws IOException {
        if (stamp.modified() < before.to(TimeUnit.NANOSECONDS)) {
            out.write(Long.toString(stamp.size()));
            out.write(' ');
            out.write(Long.toString(stamp.modified()));
            out.write(' ');
            out.write(relative);
            out.write('\n'); // not newLine(): the reader splits on '\n' alone, on every system
        }
    }

    private Path marker() {
        return file.resolveSibling(file.getFileName() + ".new");
    }
}
