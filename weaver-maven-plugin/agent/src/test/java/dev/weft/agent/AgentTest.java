package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.DirectoryWeaver;
import dev.weft.weaver.WeaveError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -javaagent:weft-agent.jar} in child JVMs: the weaver's fixtures compiled by javac
 * alone behave under the agent exactly as when woven by the build, with the same bytes, in every
 * way classes reach a JVM (directories, jars, a class loader of the program's own).
 */
class AgentTest {
    private static final String FIXTURES = "dev/weft/fixtures";

    @TempDir
    static Path dir;
    static Path plain;
    static Path built;
    /** The fixtures woven by the build, run without the agent: the reference transcript. */
    static AgentRun.Output reference;

    @BeforeAll
    static void compileAndWeave() throws Exception {
        plain = dir.resolve("plain");
        built = dir.resolve("built");
        AgentRun.copyFixtures(FIXTURES, plain);
        AgentRun.copyFixtures(FIXTURES, built);
        DirectoryWeaver.Summary summary = AgentRun.buildWeave(built);
        assertTrue(summary.errors().isEmpty(), summary.errors().toString());
        assertTrue(summary.methods().size() > 40, "the fixtures have many coroutines");
        reference = AgentRun.java(null, List.of(built, AgentRun.runtime(), AgentRun.programs()),
                FixtureTranscript.class.getName());
        assertEquals(0, reference.exit(), reference.err());
        assertFalse(reference.out().contains("was not woven"), reference.out());
        assertTrue(reference.out().contains("fibonacci[int]: [same loader and package] y=0 y=1 y=1"
                + " y=2 StopIteration(null)"), reference.out());
    }

    private static void assertSameAsTheBuild(AgentRun.Output underAgent) {
        assertEquals(0, underAgent.exit(), underAgent.err());
        assertEquals("", underAgent.err(), "the agent reports nothing for sound coroutines");
        assertEquals(reference.out(), underAgent.out());
    }

    @Test
    void fixturesCompiledByJavacRunUnderTheAgentAsWovenByTheBuildWithTheSameBytes()
            throws Exception {
        assertTheAgentWeavesAsTheBuild("dump=");
    }

    /** With {@code verify}, the agent runs the build's verification pass too: same bytes. */
    @Test
    void withVerifyTheAgentWeavesTheSameBytes() throws Exception {
        assertTheAgentWeavesAsTheBuild("verify,dump=");
    }

    private void assertTheAgentWeavesAsTheBuild(String options) throws Exception {
        Path dump = dir.resolve("dump-" + options.replaceAll("\\W", ""));
        assertSameAsTheBuild(AgentRun.java(options + dump,
                List.of(plain, AgentRun.runtime(), AgentRun.programs()),
                FixtureTranscript.class.getName()));
        Map<String, byte[]> byBuild = AgentRun.classFiles(built);
        Map<String, byte[]> byJavac = AgentRun.classFiles(plain);
        Map<String, byte[]> byAgent = AgentRun.classFiles(dump);
        List<String> changedByBuild = byBuild.keySet().stream()
                .filter(f -> !byJavac.containsKey(f) || !Arrays.equals(byJavac.get(f),
                        byBuild.get(f)))
                .toList();
        // Every fixture with coroutines was loaded by the transcript, so all were woven.
        assertEquals(changedByBuild, List.copyOf(byAgent.keySet()));
        for (String file : changedByBuild) {
            assertArrayEquals(byBuild.get(file), byAgent.get(file), file);
        }
    }

    @Test
    void classesWovenByTheBuildAreLeftAlone() throws Exception {
        Path dump = dir.resolve("dump-woven");
        AgentRun.Output run = AgentRun.java("verbose,dump=" + dump,
                List.of(built, AgentRun.runtime(), AgentRun.programs()),
                FixtureTranscript.class.getName());
        assertSameAsTheBuild(run);
        assertFalse(Files.exists(dump), "the agent changed a woven class");
    }

    @Test
    void verboseReportsEachWovenClass() throws Exception {
        AgentRun.Output run = AgentRun.java("verbose",
                List.of(plain, AgentRun.runtime(), AgentRun.programs()),
                FixtureTranscript.class.getName());
        assertEquals(reference.out(), run.out());
        assertTrue(run.err().contains("weft-agent: wove 1 coroutine method in"
                + " dev.weft.fixtures.Traced"), run.err());
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("weft-agent: wove ")), run.err());
    }

    @Test
    void classesFromAJarOnTheClassPath() throws Exception {
        Path jar = dir.resolve("fixtures.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(plain)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(plain.relativize(f).toString()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        assertSameAsTheBuild(AgentRun.java("",
                List.of(jar, AgentRun.runtime(), AgentRun.programs()),
                FixtureTranscript.class.getName()));
    }

    @Test
    void classesOfACustomClassLoaderGetTheirFramesInThatLoader() throws Exception {
        List<Path> cp = List.of(AgentRun.runtime(), AgentRun.programs());
        AgentRun.Output byBuild = AgentRun.java(null, cp, FixtureTranscript.class.getName(),
                built.toString());
        assertEquals(0, byBuild.exit(), byBuild.err());
        assertTrue(byBuild.out().contains("== Gens (own loader: true)"), byBuild.out());
        AgentRun.Output underAgent = AgentRun.java("", cp, FixtureTranscript.class.getName(),
                plain.toString());
        assertEquals("", underAgent.err());
        assertEquals(byBuild.out(), underAgent.out());
        assertFalse(underAgent.out().contains("[elsewhere"), underAgent.out());
    }

    @Test
    void aCoroutineThatCannotWorkIsReportedAtLoadAndThrowsTheBuildsText() throws Exception {
        Path bad = dir.resolve("bad");
        AgentRun.copyFixtures(FIXTURES + "/bad", bad);
        Path checked = dir.resolve("bad-by-build");
        AgentRun.copyFixtures(FIXTURES + "/bad", checked);
        List<WeaveError> errors = AgentRun.buildWeave(checked).errors();
        AgentRun.Output run = AgentRun.java("", List.of(bad, AgentRun.runtime(),
                AgentRun.programs()), BadFixtures.class.getName());
        assertEquals(0, run.exit(), run.err());
        for (String name : BadFixtures.CLASSES) {
            List<WeaveError> ofClass = errors.stream()
                    .filter(e -> e.sourceFile().equals(FIXTURES + "/bad/" + name + ".java"))
                    .toList();
            assertFalse(ofClass.isEmpty(), name);
            for (WeaveError e : ofClass) {
                // Reported on stderr as the build reports it, one error per line...
                assertTrue(run.err().lines().anyMatch(l -> l.equals(e.toString())),
                        e + "\n" + run.err());
            }
        }
        // ...and thrown, with that text, from the line it is about.
        WeaveError monitor = errors.stream().filter(e -> e.line() == 13
                && e.sourceFile().endsWith("InSynchronized.java")).findFirst().orElseThrow();
        assertTrue(run.out().contains("InSynchronized.guarded: java.lang.IllegalStateException: "
                + monitor + " at dev.weft.fixtures.bad.InSynchronized.guarded("
                + "InSynchronized.java:13)"), run.out());
        WeaveError lambda = errors.stream()
                .filter(e -> e.sourceFile().endsWith("InLambda.java")).findFirst().orElseThrow();
        assertTrue(run.out().contains("InLambda.each: java.lang.IllegalStateException: "
                + lambda), run.out());
        assertFalse(run.out().contains("was not woven"), run.out());
    }

    @Test
    void plainJavacThenJavaCpRunsWoven() throws Exception {
        Path src = dir.resolve("hello/src/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                import dev.weft.*;

                public class Hello {
                    @Coroutine
                    static Generator<Integer, Void, Void> fibonacci(int n) {
                        int a = 0, b = 1;
                        for (int counter = 0; counter <= n; counter++) {
                            Co.yield(a);
                            int t = a + b; a = b; b = t;
                        }
                        return Generator.done();
                    }

                    public static void main(String[] args) {
                        StringBuilder out = new StringBuilder();
                        for (int x : fibonacci(10)) {
                            out.append(x).append(' ');
                        }
                        System.out.println(out.toString().trim());
                    }
                }
                """);
        Path classes = dir.resolve("hello/classes");
        OutputStream quiet = OutputStream.nullOutputStream();
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, quiet, quiet, "-cp",
                AgentRun.runtime().toString(), "-d", classes.toString(), src.toString()));
        AgentRun.Output unwoven = AgentRun.java(null, List.of(classes, AgentRun.runtime()),
                "Hello");
        assertTrue(unwoven.err().contains("Co.yield was called from Hello.fibonacci, which was"
                + " not woven"), unwoven.err());
        AgentRun.Output run = AgentRun.java("", List.of(classes, AgentRun.runtime()), "Hello");
        assertEquals(0, run.exit(), run.err());
        assertEquals("0 1 1 2 3 5 8 13 21 34 55", run.out().trim());
    }

    @Test
    void anUnknownOptionStopsTheJvmWithItsName() throws Exception {
        AgentRun.Output run = AgentRun.java("verbos", List.of(AgentRun.runtime()), "Nothing");
        assertTrue(run.exit() != 0);
        assertTrue(run.err().contains("weft-agent: unknown option 'verbos'"), run.err());
    }
}
