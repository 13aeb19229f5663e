package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Generator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/** Determinism, idempotence, untouched classes, verification, and debug information. */
class WeaverHygieneTest {
    private static final String GENS = "dev/weft/fixtures/Gens";

    private static ClassWeaver weaver() {
        return new ClassWeaver(TypeHierarchy.of(WeaverHygieneTest.class.getClassLoader()),
                (c, s, m) -> 0);
    }

    @Test
    void classesWithoutCoroutinesAreNotTouched() {
        ClassWeaver.Result result = weaver().weave(WeavingClassLoader.original(
                "dev/weft/fixtures/Plain"));
        assertNull(result.woven());
        assertTrue(result.generated().isEmpty());
        assertTrue(result.errors().isEmpty());
    }

    @Test
    void weavingIsDeterministic() {
        byte[] original = WeavingClassLoader.original(GENS);
        ClassWeaver.Result first = weaver().weave(original);
        ClassWeaver.Result second = weaver().weave(original.clone());
        assertArrayEquals(first.woven(), second.woven());
        assertEquals(first.generated().keySet(), second.generated().keySet());
        first.generated().forEach((name, bytes) ->
                assertArrayEquals(bytes, second.generated().get(name), name));
    }

    @Test
    void weavingWovenClassesChangesNothing() {
        ClassWeaver.Result once = weaver().weave(WeavingClassLoader.original(GENS));
        ClassWeaver.Result twice = weaver().weave(once.woven());
        assertNull(twice.woven());
        assertTrue(twice.errors().isEmpty());
        for (byte[] frame : once.generated().values()) {
            assertNull(weaver().weave(frame).woven());
        }
    }

    @Test
    void directoryWeavingWritesOnlyWovenAndGeneratedClasses(@TempDir Path dir) throws IOException {
        Path gens = dir.resolve(GENS + ".class");
        Path plain = dir.resolve("dev/weft/fixtures/Plain.class");
        Files.createDirectories(gens.getParent());
        byte[] plainBytes = WeavingClassLoader.original("dev/weft/fixtures/Plain");
        Files.write(gens, WeavingClassLoader.original(GENS));
        Files.write(plain, plainBytes);
        DirectoryWeaver.Summary summary = new DirectoryWeaver(weaver()).weave(dir);
        assertEquals(1, summary.classes());
        assertTrue(summary.methods().size() > 20, summary.methods().toString());
        assertArrayEquals(plainBytes, Files.readAllBytes(plain));
        assertTrue(Files.exists(dir.resolve(GENS + "$weft$fibonacci.class")));
        byte[] woven = Files.readAllBytes(gens);
        DirectoryWeaver.Summary again = new DirectoryWeaver(weaver()).weave(dir);
        assertEquals(0, again.classes());
        assertArrayEquals(woven, Files.readAllBytes(gens));
    }

    @Test
    void wovenClassesPassCheckClassAdapter() {
        ClassWeaver.Result result = weaver().weave(WeavingClassLoader.original(GENS));
        Map<String, byte[]> all = new HashMap<>(result.generated());
        all.put(GENS, result.woven());
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = all.get(name.replace('.', '/'));
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }

            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                    throws ClassNotFoundException {
                if (all.containsKey(name.replace('.', '/'))) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : findClass(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        all.forEach((name, bytes) -> {
            StringWriter out = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(out));
            assertEquals("", out.toString(), name);
        });
    }

    @Test
    void localVariableTableStillNamesTheUsersLocals() {
        ClassNode woven = new ClassNode();
        new ClassReader(weaver().weave(WeavingClassLoader.original(GENS)).woven())
                .accept(woven, 0);
        MethodNode body = woven.methods.stream()
                .filter(m -> m.name.equals("fibonacci") && m.desc.startsWith("(L" + GENS))
                .findFirst().orElseThrow();
        Map<String, String> locals = new HashMap<>();
        for (LocalVariableNode v : body.localVariables) {
            locals.put(v.name, v.desc);
        }
        assertEquals(Map.of("n", "I", "a", "I", "b", "I", "counter", "I", "t", "I"), locals);
        MethodNode factory = woven.methods.stream()
                .filter(m -> m.name.equals("fibonacci") && m.desc.equals("(I)Ldev/weft/Generator;"))
                .findFirst().orElseThrow();
        assertEquals("n", factory.localVariables.get(0).name);
        assertNotNull(factory.invisibleAnnotations, "the factory keeps @Coroutine");
        assertTrue(body.instructions.size() > 0);
        assertTrue(java.util.stream.StreamSupport.stream(body.instructions.spliterator(), false)
                .anyMatch(i -> i instanceof LineNumberNode), "line numbers are kept");
    }

    @Test
    void theBodyLeavesTheBoxOfAYieldedPrimitiveToTheRuntime() {
        ClassNode woven = new ClassNode();
        new ClassReader(weaver().weave(WeavingClassLoader.original(GENS)).woven())
                .accept(woven, 0);
        MethodNode body = woven.methods.stream()
                .filter(m -> m.name.equals("primitives") && m.desc.startsWith("(L" + GENS))
                .findFirst().orElseThrow();
        List<String> calls = new java.util.ArrayList<>();
        for (org.objectweb.asm.tree.AbstractInsnNode insn : body.instructions) {
            if (insn instanceof org.objectweb.asm.tree.MethodInsnNode call
                    && (call.name.startsWith("defer") || call.name.equals("valueOf"))
                    && !call.owner.equals("java/lang/String")) {
                calls.add(call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name);
            }
        }
        // Boolean and Byte boxes are all cached: nothing to gain. In the first ternary javac
        // unboxes Integer.valueOf(-i) to box the int result; the second brings a String to the
        // marker on one path and a deferred int on the other.
        String frame = "Gens$weft$primitives.";
        assertEquals(List.of(frame + "deferInt", frame + "deferLong", frame + "deferDouble",
                frame + "deferFloat", frame + "deferShort", frame + "deferChar", "Boolean.valueOf",
                "Integer.valueOf", frame + "deferInt", frame + "deferInt", "Byte.valueOf"), calls);
    }

    @Test
    void stackTracesPointAtTheUsersLineAfterAResume() throws IOException {
        int line = lineOf("src/test/java/dev/weft/fixtures/Traced.java", "THROWS-HERE");
        @SuppressWarnings("unchecked")
        Generator<String, Void, Void> g =
                (Generator<String, Void, Void>) Fixtures.call("Traced", "failsAfterResume", 3);
        assertEquals("n=3", g.next());
        ArrayIndexOutOfBoundsException e =
                assertThrows(ArrayIndexOutOfBoundsException.class, g::next);
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals("dev.weft.fixtures.Traced", top.getClassName());
        assertEquals("failsAfterResume", top.getMethodName());
        assertEquals("Traced.java", top.getFileName());
        assertEquals(line, top.getLineNumber());
    }

    private static int lineOf(String file, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in " + file);
    }
}
