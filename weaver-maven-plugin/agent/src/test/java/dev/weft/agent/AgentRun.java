package dev.weft.agent;

import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.DirectoryWeaver;
import dev.weft.weaver.TypeHierarchy;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** What the agent's tests share: the jars, the fixtures as javac wrote them, child JVMs. */
public final class AgentRun {
    /** What a child JVM printed, and how it exited. */
    record Output(String out, String err, int exit) {
    }

    private AgentRun() {
    }

    /** The shaded agent jar this build made (the tests run after {@code package}). */
    public static Path agentJar() {
        String jar = System.getProperty("weft.agent.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no agent jar (system property weft.agent.jar): "
                    + jar + "; run the tests through Maven, which packages it first");
        }
        return Path.of(jar);
    }

    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path runtime() {
        return codeSource(dev.weft.Generator.class);
    }

    /** This module's test classes: the programs the child JVMs run. */
    static Path programs() {
        return codeSource(FixtureTranscript.class);
    }

    /**
     * Copies the class files of one fixture package as javac wrote them (from the weaver's test
     * jar or classes) into {@code target}.
     *
     * @param folder e.g. {@code dev/weft/fixtures} (its subfolders are not copied)
     */
    static void copyFixtures(String folder, Path target) throws IOException {
        URL gens = AgentRun.class.getClassLoader().getResource(folder);
        if (gens == null) {
            throw new IllegalStateException("no " + folder + " on the test class path");
        }
        if (gens.getProtocol().equals("jar")) {
            String jar = gens.getPath().substring("file:".length(), gens.getPath().indexOf('!'));
            try (FileSystem fs = FileSystems.newFileSystem(Path.of(jar))) {
                copy(fs.getPath(folder), target.resolve(folder));
            }
        } else {
            try {
                copy(Path.of(gens.toURI()), target.resolve(folder));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".class")) {
                    try (InputStream in = Files.newInputStream(f)) {
                        Files.write(to.resolve(f.getFileName().toString()), in.readAllBytes());
                    }
                }
            }
        }
    }

    /** Weaves a directory as the Maven build does. */
    static DirectoryWeaver.Summary buildWeave(Path classes) throws IOException {
        return new DirectoryWeaver(new ClassWeaver(
                TypeHierarchy.of(AgentRun.class.getClassLoader()), (c, s, m) -> 0))
                .weave(classes);
    }

    /** Every class file below {@code root}, by relative path. */
    static Map<String, byte[]> classFiles(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                files.put(root.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    /**
     * Runs {@code main} in a child JVM.
     *
     * @param agentArgs null for no agent, else the options after {@code =} ("" for none)
     */
    static Output java(String agentArgs, List<Path> classpath, String main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentArgs != null) {
            command.add("-javaagent:" + agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString)
                .toList()));
        command.add(main);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        return new Output(out, err.join(), p.waitFor());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
