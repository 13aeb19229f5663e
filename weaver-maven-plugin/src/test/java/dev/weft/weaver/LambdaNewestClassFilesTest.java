package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lambda coroutines compiled by JDK 25's javac weave and run on JDK 25, as methods do. */
class LambdaNewestClassFilesTest {
    private static final String SOURCE = """
            package modern;

            import dev.weft.Co;
            import dev.weft.Future;
            import dev.weft.Generator;
            import dev.weft.IOLoop;
            import java.util.List;

            public class Inline {
                record Pair(int a, int b) {}

                static Generator<Object, Void, Integer> pairs(List<Object> items, int scale) {
                    return Generator.of(() -> {
                        int n = 0;
                        for (Object o : items) {
                            if (o instanceof Pair(int a, int b) && a < b) {
                                Co.yield(a * scale + b);
                                n++;
                            }
                        }
                        return Generator.done(n);
                    });
                }

                public static void main(String[] args) {
                    var g = pairs(List.of(new Pair(1, 2), "x", new Pair(3, 1), new Pair(4, 5)), 10);
                    StringBuilder out = new StringBuilder();
                    for (Object v : (Iterable<Object>) () -> g) {
                        out.append(v).append(';');
                    }
                    int sum = IOLoop.current().runSync(() -> {
                        int s = Co.await(Co.sleep(java.time.Duration.ofMillis(1))) == null ? 1 : 0;
                        return Future.completed(s + g.returnValue());
                    });
                    System.out.println(out + " returned " + g.returnValue() + " then " + sum);
                }
            }
            """;

    @Test
    void java25LambdaCoroutinesWeaveAndRunOnJava25(@TempDir Path dir) throws Exception {
        Path jdk = ChildJvm.jdk(25);
        Assumptions.assumeTrue(jdk != null, "no JDK 25 under /usr/lib/jvm on this machine");
        Path src = dir.resolve("src/modern/Inline.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = dir.resolve("classes");
        String runtime = ChildJvm.runtimeClasses().toString();
        ChildJvm.run(List.of(jdk.resolve("bin/javac").toString(), "--release", "25", "-g", "-cp",
                runtime, "-d", classes.toString(), src.toString()));
        ClassWeaver weaver = new ClassWeaver(TypeHierarchy.of(new java.net.URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())),
                (c, s, m) -> 0);
        DirectoryWeaver.Summary summary = new DirectoryWeaver(weaver).weave(classes);
        assertTrue(summary.errors().isEmpty(), summary.errors().toString());
        assertEquals(2, summary.methods().size(), summary.methods().toString());
        String out = ChildJvm.run(List.of(jdk.resolve("bin/java").toString(), "-cp",
                classes + java.io.File.pathSeparator + runtime, "modern.Inline"));
        assertEquals("12;45; returned 2 then 3", out.trim());
    }
}
