package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the weaver tells about itself: a failure inside a pass is reported as a weaver bug with
 * its input kept, and {@code -Dweft.dump} shows each method before and after.
 */
class WeaverDiagnosticsTest {
    private static final String EXPRESSIONS = "dev/weft/fixtures/Expressions";
    /** A fixture whose weaving asks the class hierarchy (for the stack map frames). */
    private static final String GENS = "dev/weft/fixtures/Gens";

    private static String withProperty(String name, String value, java.util.function.Supplier<
            String> body) {
        String old = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, old);
            }
        }
    }

    @Test
    void aFailureInsideAPassIsAWeaverBugNamingClassMethodAndLineWithTheInputKept(
            @TempDir Path bugs) throws Exception {
        // A class path that fails on every look-up: the passes that ask it (the frame
        // analysis merging types, the writer computing stack map frames) fail inside.
        TypeHierarchy failing = new TypeHierarchy(name -> {
            throw new IllegalStateException("planted failure for " + name);
        });
        byte[] input = WeavingClassLoader.original(GENS);
        String[] message = new String[1];
        int[] line = new int[1];
        withProperty(WeaverBug.FOLDER_PROPERTY, bugs.toString(), () -> {
            ClassWeaver.Result result = new ClassWeaver(failing, (c, s, m) -> 0).weave(input);
            assertTrue(result.woven() == null, "nothing is woven");
            assertEquals(1, result.errors().size(), result.errors().toString());
            WeaveError error = result.errors().get(0);
            assertEquals("dev/weft/fixtures/Gens.java", error.sourceFile());
            message[0] = error.message();
            line[0] = error.line();
            return null;
        });
        assertTrue(message[0].startsWith("weaver bug (not a problem in your code) in the pass '"),
                message[0]);
        assertTrue(message[0].contains("on dev.weft.fixtures.Gens"), message[0]);
        assertTrue(message[0].contains("IllegalStateException: planted failure for "),
                message[0]);
        Path kept = bugs.resolve("dev.weft.fixtures.Gens.class");
        assertTrue(message[0].endsWith("kept at " + kept.toAbsolutePath()), message[0]);
        assertArrayEquals(input, Files.readAllBytes(kept));
        if (!message[0].contains("'writing the woven class'")
                && !message[0].contains("'verifying")) {
            assertTrue(line[0] > 0, "a pass on a method names its line: " + message[0]);
        }
    }

    @Test
    void aWeaverBugInAGivenMethodNamesThatMethodAndItsFirstLine(@TempDir Path bugs) {
        // The wording, for a failure in a pass on one method of a class with a source file.
        org.objectweb.asm.tree.ClassNode owner = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(WeavingClassLoader.original(EXPRESSIONS)).accept(owner,
                0);
        assertTrue(owner.methods.stream().anyMatch(m -> m.name.equals("constructorArgument")));
        WeaverBug.Progress at = new WeaverBug.Progress();
        at.className = owner.name;
        at.sourceFile = owner.sourceFile;
        at.pass("frame layout", "constructorArgument()Ldev/weft/Generator;", 62);
        String message = withProperty(WeaverBug.FOLDER_PROPERTY, bugs.toString(),
                () -> WeaverBug.report(new byte[] {1, 2, 3}, at,
                        new IllegalArgumentException("unexpected value type")).toString());
        assertTrue(message.startsWith("dev/weft/fixtures/Expressions.java:62: weaver bug (not a "
                + "problem in your code) in the pass 'frame layout' on "
                + "dev.weft.fixtures.Expressions.constructorArgument()Ldev/weft/Generator;: "
                + "java.lang.IllegalArgumentException: unexpected value type at "), message);
        assertTrue(message.contains("please report it to weft with the input class file, kept at "
                + bugs.resolve("dev.weft.fixtures.Expressions.class").toAbsolutePath()),
                message);
    }

    @Test
    void dumpWritesEachMethodBeforeAndAfterWithItsFrameLayout(@TempDir Path dump)
            throws Exception {
        TypeHierarchy hierarchy = TypeHierarchy.of(getClass().getClassLoader());
        byte[] input = WeavingClassLoader.original(EXPRESSIONS);
        ClassWeaver.Result plain = new ClassWeaver(hierarchy, (c, s, m) -> 0).weave(input);
        ClassWeaver.Result[] dumped = new ClassWeaver.Result[1];
        withProperty(WeaveDump.PROPERTY, dump.toString(), () -> {
            dumped[0] = new ClassWeaver(hierarchy, (c, s, m) -> 0).weave(input);
            return null;
        });
        assertArrayEquals(plain.woven(), dumped[0].woven(), "the dump changes no woven byte");
        for (Map.Entry<String, byte[]> e : plain.generated().entrySet()) {
            assertArrayEquals(e.getValue(), dumped[0].generated().get(e.getKey()));
        }
        Path folder = dump.resolve("dev.weft.fixtures.Expressions");
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.sorted().toList();
        }
        assertEquals(plain.methods().size(), files.size());
        String text = Files.readString(folder.resolve(
                "constructorArgument__Ldev_weft_Generator_.txt"), StandardCharsets.UTF_8);
        String before = section(text, "## before");
        String layout = section(text, "## frame layout");
        String factory = section(text, "## after: the method");
        String body = section(text, "## after: the body");
        assertTrue(before.contains("NEW dev/weft/fixtures/Expressions$Point"), before);
        assertTrue(before.contains("INVOKESTATIC dev/weft/Co.yield"), before);
        assertTrue(layout.matches("(?s).*point 1 \\(Co.yield, line \\d+\\): locals \\[\\], "
                + "stack below the marker's operands \\[\\].*"), layout);
        assertTrue(factory.contains("NEW dev/weft/fixtures/Expressions$weft$constructorArgument"),
                factory);
        assertTrue(body.contains("TABLESWITCH"), body);
        assertTrue(!body.contains("INVOKESTATIC dev/weft/Co.yield"), body);
        assertTrue(section(text, "## after: the frame class").contains(
                "extends dev/weft/internal/GeneratorFrame"), text);
    }

    private static String section(String text, String heading) {
        int start = text.indexOf(heading);
        assertTrue(start >= 0, "no section " + heading + " in\n" + text);
        int end = text.indexOf("\n## ", start + 1);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }
}
