package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;

/**
 * Class files of the newest Java weave too (API.md: up to the newest version ASM supports, Java
 * 25 at least): compiled with JDK 25's javac, woven, and run on JDK 25.
 */
class NewestClassFilesTest {
    private static final String SOURCE = """
            package modern;

            import dev.weft.Co;
            import dev.weft.Coroutine;
            import dev.weft.Generator;
            import java.util.List;

            public class Shapes {
                sealed interface Shape permits Circle, Square {}
                record Circle(double r) implements Shape {}
                record Square(double side) implements Shape {}

                @Coroutine
                static Generator<String, Void, Integer> describe(List<Shape> shapes) {
                    int n = 0;
                    for (Shape s : shapes) {
                        String d = switch (s) {
                            case Circle(double r) when r > 1 -> "big circle " + Co.yield(r);
                            case Circle c -> "circle";
                            case Square(double side) -> "square " + side;
                        };
                        Co.yield(d);
                        n++;
                    }
                    return Generator.done(n);
                }

                public static void main(String[] args) {
                    var g = describe(List.of(new Circle(2), new Circle(0.5), new Square(3)));
                    StringBuilder out = new StringBuilder();
                    while (g.hasNext()) {
                        Object value = g.next(); // a Double sneaks in: yield(r) takes Object
                        out.append(value).append(';');
                    }
                    System.out.println(out + " returned " + g.returnValue());
                }
            }
            """;

    @Test
    void java25ClassFilesWeaveAndRunOnJava25(@TempDir Path dir) throws Exception {
        Path jdk = ChildJvm.jdk(25);
        Assumptions.assumeTrue(jdk != null, "no JDK 25 under /usr/lib/jvm on this machine");
        Path src = dir.resolve("src/modern/Shapes.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = dir.resolve("classes");
        String runtime = ChildJvm.runtimeClasses().toString();
        ChildJvm.run(List.of(jdk.resolve("bin/javac").toString(), "--release", "25", "-cp",
                runtime, "-d", classes.toString(), src.toString()));
        ClassWeaver weaver = new ClassWeaver(TypeHierarchy.of(new java.net.URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())),
                (c, s, m) -> 0);
        DirectoryWeaver.Summary summary = new DirectoryWeaver(weaver).weave(classes);
        assertTrue(summary.errors().isEmpty(), summary.errors().toString());
        assertEquals(1, summary.methods().size());
        byte[] woven = Files.readAllBytes(classes.resolve("modern/Shapes.class"));
        assertEquals(69, new ClassReader(woven).readShort(6), "class file version of Java 25");
        String out = ChildJvm.run(List.of(jdk.resolve("bin/java").toString(), "-cp",
                classes + java.io.File.pathSeparator + runtime, "modern.Shapes"));
        assertEquals("2.0;big circle null;circle;square 3.0; returned 3", out.trim());
    }
}
