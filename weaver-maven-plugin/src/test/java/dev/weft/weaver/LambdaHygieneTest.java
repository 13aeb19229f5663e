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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * What the weaver promises for methods holds for lambda coroutines: determinism, idempotence,
 * verification, debug information, deferred boxing, and plain lambdas left alone.
 */
class LambdaHygieneTest {
    private static final String LAMBDAS = "dev/weft/fixtures/Lambdas";
    /** Every class of the fixture that holds a lambda coroutine. */
    private static final List<String> CLASSES = List.of(LAMBDAS, LAMBDAS + "$Counter",
            LAMBDAS + "$Source", LAMBDAS + "$Op$1", LAMBDAS + "$Op$2", LAMBDAS + "$Range");

    private static ClassWeaver weaver() {
        return new ClassWeaver(TypeHierarchy.of(LambdaHygieneTest.class.getClassLoader()),
                (c, s, m) -> 0);
    }

    private static ClassNode wovenNode(String name) {
        ClassNode node = new ClassNode();
        new ClassReader(weaver().weave(WeavingClassLoader.original(name)).woven()).accept(node, 0);
        return node;
    }

    /** The woven body of the lambda javac named {@code lambda$<enclosing>$N}. */
    private static MethodNode body(ClassNode woven, String enclosing) {
        return woven.methods.stream()
                .filter(m -> m.name.startsWith("lambda$" + enclosing + "$")
                        && m.desc.startsWith("(L" + woven.name + "$weft$lambda$"))
                .findFirst().orElseThrow(() -> new AssertionError("no body for " + enclosing));
    }

    @Test
    void everyClassWithALambdaCoroutineIsWovenAndEveryLambdaThatSuspendsIsReported() {
        for (String name : CLASSES) {
            ClassWeaver.Result result = weaver().weave(WeavingClassLoader.original(name));
            assertTrue(result.errors().isEmpty(), result.errors().toString());
            assertNotNull(result.woven(), name);
            assertTrue(result.methods().stream().allMatch(m -> !m.lines().isEmpty()),
                    "each names the lines of its suspension points: " + result.methods());
        }
        List<String> woven = weaver().weave(WeavingClassLoader.original(LAMBDAS)).methods().stream()
                .map(m -> m.method().substring(0, m.method().indexOf('(')))
                .filter(m -> m.startsWith("lambda$")).toList();
        // The lambda of outer() that maps the moment's result never suspends: not woven.
        assertTrue(woven.stream().anyMatch(m -> m.startsWith("lambda$outer$")), woven.toString());
        assertEquals(1, woven.stream().filter(m -> m.startsWith("lambda$outer$")).count(),
                woven.toString());
        assertTrue(woven.stream().noneMatch(m -> m.startsWith("lambda$ordinaryLambda$")),
                "a lambda with no suspension point is an ordinary lambda");
        assertTrue(woven.contains("lambda$static$0"), woven.toString());
    }

    @Test
    void weavingLambdasIsDeterministicAndIdempotent() {
        for (String name : CLASSES) {
            byte[] original = WeavingClassLoader.original(name);
            ClassWeaver.Result first = weaver().weave(original);
            ClassWeaver.Result second = weaver().weave(original.clone());
            assertArrayEquals(first.woven(), second.woven(), name);
            assertEquals(first.generated().keySet(), second.generated().keySet());
            first.generated().forEach((frame, bytes) ->
                    assertArrayEquals(bytes, second.generated().get(frame), frame));
            ClassWeaver.Result again = weaver().weave(first.woven());
            assertNull(again.woven(), name + " woven twice");
            assertTrue(again.errors().isEmpty());
        }
    }

    @Test
    void wovenLambdaClassesPassCheckClassAdapter() {
        Map<String, byte[]> all = new HashMap<>();
        for (String name : CLASSES) {
            ClassWeaver.Result result = weaver().weave(WeavingClassLoader.original(name));
            all.putAll(result.generated());
            all.put(name, result.woven());
        }
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                    throws ClassNotFoundException {
                byte[] b = all.get(name.replace('.', '/'));
                if (b == null) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, b, 0, b.length);
                }
            }
        };
        all.forEach((name, bytes) -> {
            StringWriter out = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(out));
            assertEquals("", out.toString(), name);
        });
    }

    @Test
    void theLambdaKeepsItsNameDescriptorAndAccessAndItsBodyTheUsersLocals() {
        ClassNode original = new ClassNode();
        new ClassReader(WeavingClassLoader.original(LAMBDAS)).accept(original, 0);
        MethodNode javac = original.methods.stream()
                .filter(m -> m.name.startsWith("lambda$captures$")).findFirst().orElseThrow();
        ClassNode woven = wovenNode(LAMBDAS);
        MethodNode factory = woven.methods.stream()
                .filter(m -> m.name.equals(javac.name) && m.desc.equals(javac.desc))
                .findFirst().orElseThrow();
        // LambdaMetafactory (and $deserializeLambda$) still find it where javac put it.
        assertEquals(javac.access, factory.access);
        assertTrue((factory.access & Opcodes.ACC_PRIVATE) != 0);
        Map<String, String> locals = new HashMap<>();
        for (LocalVariableNode v : body(woven, "captures").localVariables) {
            locals.put(v.name, v.desc);
        }
        // The captured locals keep the names javac gave them, beside the lambda's own.
        assertEquals(Map.of("n", "I", "big", "J", "d", "D", "s", "Ljava/lang/String;",
                "box", "[I", "acc", "J", "i", "I", "sent", "Ljava/lang/Object;"), locals);
    }

    @Test
    void theLambdaBodyLeavesTheBoxOfAYieldedPrimitiveToTheRuntime() {
        MethodNode body = body(wovenNode(LAMBDAS), "primitives");
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof MethodInsnNode call
                    && (call.name.startsWith("defer") || call.name.equals("valueOf"))) {
                calls.add((call.owner.startsWith(LAMBDAS + "$weft$lambda$primitives$") ? "frame"
                        : call.owner) + "." + call.name);
            }
        }
        assertEquals(List.of("frame.deferInt", "frame.deferLong", "frame.deferDouble"), calls);
    }

    /** The calls in {@code method} of a class as woven, as owner.name. */
    private static List<String> calls(String className, String method) {
        List<String> calls = new ArrayList<>();
        for (MethodNode m : wovenNode(className).methods) {
            if (m.name.equals(method)) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call) {
                        calls.add(call.owner.substring(call.owner.lastIndexOf('/') + 1) + "."
                                + call.name);
                    }
                }
            }
        }
        return calls;
    }

    @Test
    void generatorOfALambdaCallsTheLambdaDirectly() {
        // Static, instance (this captured) and interface lambdas: no Supplier, no Generator.of.
        for (String[] site : new String[][] {{LAMBDAS, "captures"}, {LAMBDAS, "evens"},
                {LAMBDAS + "$Counter", "upTo"}, {LAMBDAS + "$Source", "from"},
                {LAMBDAS + "$Source", "twice"}}) {
            List<String> calls = calls(site[0], site[1]);
            assertTrue(calls.stream().noneMatch(c -> c.equals("Generator.of")), calls.toString());
            assertTrue(calls.stream().anyMatch(c -> c.contains(".lambda$" + site[1] + "$")),
                    calls.toString());
        }
        // A Supplier that is made first and only later given to Generator.of is left alone.
        assertTrue(calls(LAMBDAS, "serialized").contains("Generator.of"));
    }

    @Test
    void stackTracesPointAtTheUsersLineInTheLambda() throws IOException {
        int line = lineOf("src/test/java/dev/weft/fixtures/Lambdas.java", "LAMBDA-THROWS-HERE");
        Generator<String, Void, Void> g = Fixtures.call("Lambdas", "failsAfterResume",
                (Object) new int[0]);
        assertEquals("before", g.next());
        ArrayIndexOutOfBoundsException e =
                assertThrows(ArrayIndexOutOfBoundsException.class, g::next);
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals("dev.weft.fixtures.Lambdas", top.getClassName());
        assertTrue(top.getMethodName().startsWith("lambda$failsAfterResume$"),
                top.getMethodName());
        assertEquals("Lambdas.java", top.getFileName());
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
