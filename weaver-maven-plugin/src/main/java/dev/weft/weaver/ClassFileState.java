package dev.weft.weaver;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
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

    /** The size and modification time of one file, in nanoseconds since the epoch. */
    record Stamp(long size, long modified) {
        static Stamp of(long size, FileTime modified) {
            return new Stamp(size, modified.to(TimeUnit.NANOSECONDS));
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
            try (BufferedReader in = Files.newBufferedReader(file)) {
                if (HEADER.equals(in.readLine())) {
                    for (String line; (line = in.readLine()) != null; ) {
                        int a = line.indexOf(' ');
                        int b = line.indexOf(' ', a + 1);
                        entries.put(line.substring(b + 1), new Stamp(
                                Long.parseLong(line, 0, a, 10),
                                Long.parseLong(line, a + 1, b, 10)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                entries.clear(); // unreadable: weave as on a first build
            }
        }
        return new ClassFileState(file, entries);
    }

    /** How many files the saved state vouches for. */
    int size() {
        return entries.size();
    }

    /** Whether the file at {@code relative} is known to be unchanged since the last save. */
    boolean unchanged(String relative, Stamp now) {
        return now.equals(entries.get(relative));
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
        try (BufferedWriter out = Files.newBufferedWriter(marker)) {
            out.write(HEADER);
            out.newLine();
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
            out.write(stamp.size() + " " + stamp.modified() + " " + relative);
            out.newLine();
        }
    }

    private Path marker() {
        return file.resolveSibling(file.getFileName() + ".new");
    }
}
