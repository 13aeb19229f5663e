package dev.weft.weaver;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Helpers for tests that weave classes to disk and run them in another JVM. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Where the runtime's classes are (a directory or jar on the test class path). */
    static Path runtimeClasses() {
        try {
            return Path.of(dev.weft.Generator.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies fixture class files (by internal name prefix) into {@code dir} and weaves them. */
    static DirectoryWeaver.Summary weaveFixtures(Path dir, String... internalNames)
            throws IOException {
        for (String name : internalNames) {
            Path target = dir.resolve(name + ".class");
            Files.createDirectories(target.getParent());
            Files.write(target, WeavingClassLoader.original(name));
        }
        ClassWeaver weaver = new ClassWeaver(
                TypeHierarchy.of(ChildJvm.class.getClassLoader()), (c, s, m) -> 0);
        return new DirectoryWeaver(weaver).weave(dir);
    }

    /** A JDK installed beside the default one whose major version is at least {@code major}. */
    static Path jdk(int major) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> all = Files.list(jvms)) {
            for (Path home : all.sorted().toList()) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/javac"))) {
                    continue;
                }
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        int dot = v.indexOf('.');
                        int found = Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
                        if (found >= major) {
                            return home;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Runs a command, returning its output; fails the test if it does not exit 0. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
