package dev.weft.agent.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;

/**
 * A generated application for the start-up and rebuild benchmarks: {@code n} classes of a few
 * ordinary methods each, every tenth also with a generator and an async coroutine, and a
 * {@code app.Main} that loads every class, calls it, and drives every coroutine.
 */
public final class GeneratedApp {
    private GeneratedApp() {
    }

    static String name(int i) {
        return String.format("C%04d", i);
    }

    static boolean hasCoroutines(int i) {
        return i % 10 == 0;
    }

    static String source(int i) {
        StringBuilder s = new StringBuilder("package app;\n\nimport dev.weft.*;\nimport java.util.*;\n\n")
                .append("public class ").append(name(i)).append(" {\n")
                .append("    private final List<String> names = new ArrayList<>();\n")
                .append("    static int work(int x) {\n")
                .append("        int r = x;\n")
                .append("        for (int k = 0; k < 3; k++) { r = r * 31 + k + ").append(i).append("; }\n")
                .append("        return r % 1000;\n    }\n")
                .append("    String describe(Map<String, Integer> m) {\n")
                .append("        StringBuilder b = new StringBuilder();\n")
                .append("        m.forEach((k, v) -> b.append(k).append('=').append(v + ").append(i).append("));\n")
                .append("        return b.toString();\n    }\n")
                .append("    void add(String n) { if (n != null && !n.isEmpty()) { names.add(n.trim()); } }\n")
                .append("    int count() { return names.size(); }\n");
        if (hasCoroutines(i)) {
            s.append("    @Coroutine\n")
                    .append("    static Generator<Integer, Void, Integer> numbers(int n) {\n")
                    .append("        int sum = 0;\n")
                    .append("        for (int k = 0; k < n; k++) { Co.yield(k); sum += k; }\n")
                    .append("        return Generator.done(sum);\n    }\n")
                    .append("    @Coroutine\n")
                    .append("    static Future<Integer> later(int x) {\n")
                    .append("        int y = Co.await(Future.completed(x));\n")
                    .append("        return Future.completed(work(y));\n    }\n");
        }
        return s.append("}\n").toString();
    }

    /** Part {@code p} calls classes {@code 100p} to {@code 100p+99}: one method stays small. */
    static String part(int p, int n) {
        StringBuilder s = new StringBuilder("package app;\n\nclass Part").append(p)
                .append(" {\n    static long run() {\n        long total = 0;\n");
        for (int i = p * 100; i < Math.min(n, p * 100 + 100); i++) {
            s.append("        total += ").append(name(i)).append(".work(").append(i).append(");\n");
            if (hasCoroutines(i)) {
                s.append("        for (int v : ").append(name(i)).append(".numbers(3)) { total += v; }\n")
                        .append("        total += ").append(name(i)).append(".later(2).result();\n");
            }
        }
        return s.append("        return total;\n    }\n}\n").toString();
    }

    static String main(int n) {
        StringBuilder s = new StringBuilder("package app;\n\npublic class Main {\n")
                .append("    public static void main(String[] args) {\n        long total = 0;\n");
        for (int p = 0; p * 100 < n; p++) {
            s.append("        total += Part").append(p).append(".run();\n");
        }
        return s.append("        System.out.println(\"total \" + total);\n    }\n}\n").toString();
    }

    /**
     * Writes and compiles the application with javac alone.
     *
     * @param n how many classes
     * @param dir where to put {@code src/} and {@code classes/}
     * @param runtime the weft runtime, to compile against
     * @return the classes directory
     */
    public static Path compile(int n, Path dir, Path runtime) throws IOException {
        Path src = dir.resolve("src/app");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-cp", runtime.toString(), "-d",
                classes.toString(), "-nowarn"));
        for (int i = 0; i < n; i++) {
            Path file = src.resolve(name(i) + ".java");
            Files.writeString(file, source(i));
            args.add(file.toString());
        }
        for (int p = 0; p * 100 < n; p++) {
            Path part = src.resolve("Part" + p + ".java");
            Files.writeString(part, part(p, n));
            args.add(part.toString());
        }
        Path main = src.resolve("Main.java");
        Files.writeString(main, main(n));
        args.add(main.toString());
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        if (ToolProvider.getSystemJavaCompiler().run(null, OutputStream.nullOutputStream(), errors,
                args.toArray(new String[0])) != 0) {
            throw new IllegalStateException("the generated application does not compile:\n"
                    + errors);
        }
        return classes;
    }
}
