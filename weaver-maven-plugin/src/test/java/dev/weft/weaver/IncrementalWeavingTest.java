package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds as an IDE or {@code mvn} makes them: javac rewrites some class files, and the weaver
 * reads only those, never missing one, and deletes the frame classes no coroutine has any more.
 */
class IncrementalWeavingTest {
    @TempDir
    Path dir;

    private Path classes() {
        return dir.resolve("classes");
    }

    private Path state() {
        return dir.resolve("weft/classes.state");
    }

    private static String source(String cls, String... coroutines) {
        StringBuilder s = new StringBuilder("package inc;\nimport dev.weft.*;\npublic class ")
                .append(cls).append(" {\n");
        for (String name : coroutines) {
            s.append("  @Coroutine static Generator<Integer, Void, Void> ").append(name)
                    .append("() { Co.yield(1); return Generator.done(); }\n");
        }
        return s.append("  static int plain() { return 2; }\n}\n").toString();
    }

    /** Compiles sources as javac does in a build: the class files of these classes rewritten. */
    private void compile(Map<String, String> sources) throws IOException {
        Path src = dir.resolve("src/inc");
        Files.createDirectories(src);
        Files.createDirectories(classes());
        String[] args = new String[sources.size() + 4];
        int i = 0;
        args[i++] = "-cp";
        args[i++] = ChildJvm.runtimeClasses().toString();
        args[i++] = "-d";
        args[i++] = classes().toString();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey() + ".java");
            Files.writeString(file, e.getValue());
            args[i++] = file.toString();
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args));
        untilTheFileClockTicks();
    }

    /**
     * Waits until the file system's clock has moved past the class files javac just wrote, as it
     * has in a real build by the time the weaver runs: a file written in the very tick the weaver
     * looks at it is read again on the next run (ClassFileState), which tests of "nothing read"
     * must not depend on.
     */
    private void untilTheFileClockTicks() throws IOException {
        FileTime latest = FileTime.fromMillis(0);
        try (var files = Files.walk(classes())) {
            for (Path f : files.toList()) {
                FileTime t = Files.getLastModifiedTime(f);
                latest = t.compareTo(latest) > 0 ? t : latest;
            }
        }
        Path probe = dir.resolve("clock-probe");
        do {
            Thread.onSpinWait();
            Files.write(probe, new byte[0]);
        } while (Files.getLastModifiedTime(probe).compareTo(latest) <= 0);
    }

    private DirectoryWeaver.Summary weave() throws IOException {
        ClassWeaver weaver = new ClassWeaver(TypeHierarchy.of(getClass().getClassLoader()),
                (c, s, m) -> 0);
        DirectoryWeaver.Summary summary = new DirectoryWeaver(weaver).weave(classes(), state());
        assertTrue(summary.errors().isEmpty(), summary.errors().toString());
        return summary;
    }

    private boolean exists(String internalName) {
        return Files.exists(classes().resolve(internalName + ".class"));
    }

    @Test
    void aRebuildWithNothingChangedReadsNoClassAndKeepsTheFrames() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B")));
        DirectoryWeaver.Summary first = weave();
        assertEquals(2, first.examined());
        assertEquals(1, first.methods().size());
        DirectoryWeaver.Summary second = weave();
        assertEquals(0, second.examined());
        assertEquals(0, second.classes());
        assertEquals(0, second.deleted());
        assertTrue(exists("inc/A$weft$one"));
    }

    @Test
    void aRebuildWithNothingChangedMakesNoClassWeaver() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B")));
        weave();
        DirectoryWeaver.Summary again = new DirectoryWeaver(() -> {
            throw new AssertionError("a class weaver was made with nothing to read");
        }).weave(classes(), state());
        assertEquals(0, again.examined());
        assertTrue(exists("inc/A$weft$one"));
    }

    @Test
    void aFrameClassWhoseClassIsGoneIsDeletedThoughNothingElseChanged() throws IOException {
        compile(Map.of("A", source("A", "one")));
        weave();
        Files.copy(classes().resolve("inc/A$weft$one.class"),
                classes().resolve("inc/Gone$weft$one.class"));
        DirectoryWeaver.Summary again = weave();
        assertEquals(0, again.examined());
        assertEquals(1, again.deleted());
        assertFalse(exists("inc/Gone$weft$one"));
        assertTrue(exists("inc/A$weft$one"));
    }

    /**
     * maven-jar-plugin 2.4, Maven 3.8's default, sets the time of every file it packs to that
     * time cut to whole milliseconds (plexus-io 2.0's {@code File.setLastModified}); the next
     * build must not take that for a change. Any other time, or another size, still is one.
     */
    @Test
    void aTimeCutToWholeMillisecondsIsNoChangeButAnyOtherTimeIs() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B")));
        Path b = classes().resolve("inc/B.class");
        long millis = System.currentTimeMillis() - 60_000;
        Files.setLastModifiedTime(b, FileTime.from(millis * 1_000_000 + 123_456,
                TimeUnit.NANOSECONDS));
        assertEquals(2, weave().examined());

        Files.setLastModifiedTime(b, FileTime.fromMillis(millis));
        assertEquals(0, weave().examined(), "the jar plugin's cut time");

        Files.setLastModifiedTime(b, FileTime.fromMillis(millis - 1));
        assertEquals(1, weave().examined(), "another time");
    }

    @Test
    void onlyTheRecompiledClassIsReadAndWoven() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B")));
        weave();
        compile(Map.of("B", source("B", "late")));
        DirectoryWeaver.Summary again = weave();
        assertEquals(1, again.examined());
        assertEquals(List.of("late()Ldev/weft/Generator;"),
                again.methods().stream().map(ClassWeaver.WovenMethod::method).toList());
        assertTrue(exists("inc/A$weft$one"));
        assertTrue(exists("inc/B$weft$late"));
    }

    @Test
    void aRenamedCoroutineLeavesNoStaleFrameClass() throws IOException {
        compile(Map.of("A", source("A", "one", "two")));
        weave();
        compile(Map.of("A", source("A", "uno", "two")));
        DirectoryWeaver.Summary again = weave();
        assertEquals(2, again.methods().size());
        assertEquals(1, again.deleted());
        assertFalse(exists("inc/A$weft$one"));
        assertTrue(exists("inc/A$weft$uno"));
        assertTrue(exists("inc/A$weft$two"));
    }

    @Test
    void aClassWithoutCoroutinesNowOrDeletedLosesItsFrameClasses() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B", "two")));
        weave();
        compile(Map.of("A", source("A")));
        Files.delete(classes().resolve("inc/B.class"));
        DirectoryWeaver.Summary again = weave();
        assertEquals(2, again.deleted());
        assertFalse(exists("inc/A$weft$one"));
        assertFalse(exists("inc/B$weft$two"));
        assertTrue(exists("inc/A"));
    }

    @Test
    void staleFramesGoEvenWithoutAStateFile() throws IOException {
        compile(Map.of("A", source("A", "one")));
        weave();
        compile(Map.of("A", source("A", "uno")));
        ClassWeaver weaver = new ClassWeaver(TypeHierarchy.of(getClass().getClassLoader()),
                (c, s, m) -> 0);
        DirectoryWeaver.Summary full = new DirectoryWeaver(weaver).weave(classes());
        assertEquals(1, full.deleted());
        assertFalse(exists("inc/A$weft$one"));
    }

    @Test
    void aFailedWeaveChangesNothingAndItsClassIsReadAgain() throws IOException {
        compile(Map.of("A", source("A", "one")));
        weave();
        compile(Map.of("A", "package inc;\nimport dev.weft.*;\npublic class A {\n"
                + "  @Coroutine static int bad() { Co.yield(1); return 1; }\n}\n"));
        ClassWeaver weaver = new ClassWeaver(TypeHierarchy.of(getClass().getClassLoader()),
                (c, s, m) -> 0);
        DirectoryWeaver.Summary failed = new DirectoryWeaver(weaver).weave(classes(), state());
        assertFalse(failed.errors().isEmpty());
        assertTrue(exists("inc/A$weft$one"), "a failed build deletes nothing");
        DirectoryWeaver.Summary again = new DirectoryWeaver(weaver).weave(classes(), state());
        assertEquals(1, again.examined());
        assertFalse(again.errors().isEmpty());
    }

    @Test
    void aFileStampedNoEarlierThanTheRunIsNotTrusted() throws IOException {
        Path root = Files.createDirectories(dir.resolve("stamped"));
        Path old = Files.write(root.resolve("Old.class"), new byte[10]);
        Path file = dir.resolve("weft/test.state");
        ClassFileState state = ClassFileState.read(file);
        FileTime begin = state.stampAfter(Files.getLastModifiedTime(old));
        assertTrue(begin.compareTo(Files.getLastModifiedTime(old)) > 0, "the file clock ticked");
        long t = begin.to(TimeUnit.NANOSECONDS);
        Path same = Files.write(root.resolve("Same.class"), new byte[10]);
        Files.setLastModifiedTime(same, begin); // written in the tick the run began
        ClassFileState.Stamp older = stampOf(old);
        ClassFileState.Stamp sameTick = stampOf(same);
        assertEquals(t, sameTick.modified());
        state.save(root, Map.of("Old", older, "Same", sameTick), begin, Map.of(), begin);
        ClassFileState read = ClassFileState.read(file);
        assertTrue(read.unchanged("Old", older));
        assertFalse(read.unchanged("Old", new ClassFileState.Stamp(11, older.modified())));
        assertFalse(read.unchanged("Same", sameTick),
                "written in the tick of the run: it may have changed unseen");
        assertFalse(read.describes(root), "a listing with a file not vouched for is not the saved one");
    }

    private static ClassFileState.Stamp stampOf(Path file) throws IOException {
        return new ClassFileState.Stamp(Files.size(file),
                Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
    }

    @Test
    void aStateOfTheEarlierFormatMeansEveryClassIsReadOnce() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B")));
        weave();
        Files.writeString(state(), Files.readString(state())
                .replace("weft class files 2", "weft class files 1"));
        assertEquals(2, weave().examined());
        untilTheFileClockTicks();
        assertEquals(0, weave().examined());
    }

    @Test
    void anUnreadableStateMeansEveryClassIsRead() throws IOException {
        compile(Map.of("A", source("A", "one"), "B", source("B")));
        weave();
        Files.writeString(state(), "weft class files 2\ngarbage\n");
        assertEquals(2, weave().examined());
    }
}
