package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in README.md, docs/GUIDE.md and the runtime's Javadoc must be a tagged
 * region of the sources here ({@code // tag::NAME[]} ... {@code // end::NAME[]}), which are
 * compiled, woven and mostly run by this build: an example that stops compiling fails the build.
 *
 * <p>Compared line by line after removing each region's common indentation, blank lines and
 * trailing blanks; regions of the same name are joined in file order, so an example may show a
 * method and the call of it. README's quick-start blocks ({@code <!-- it/quickstart: ... -->})
 * are built by it/quickstart instead.
 */
class DocsExamplesTest {
    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([\\w-]+)\\[\\]\\s*$");
    private static final Pattern MARKDOWN_JAVA = Pattern.compile(
            "(?m)(^<!-- it/quickstart: [^\\n]*-->\\n)?^```java\\n([\\s\\S]*?)^```$");
    private static final Pattern JAVADOC_CODE = Pattern.compile("<pre>\\{@code\\n([\\s\\S]*?)\\}</pre>");

    /** The checkout this build came from: the project is built in it/target/it/guide, or in place. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/GUIDE.md")) && Files.isDirectory(p.resolve("runtime"))) {
                return p;
            }
        }
        throw new AssertionError("no weft checkout above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines without their common indentation, blank lines and trailing blanks. */
    static String normalize(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (!line.isBlank()) {
                out.append(line.substring(indent).stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    /** Every region of the sources here, by name. */
    static Map<String, String> regions() {
        Map<String, String> joined = new TreeMap<>();
        for (Path file : javaFiles(Path.of("src/test/java"))) {
            Map<String, List<String>> open = new LinkedHashMap<>();
            for (String line : read(file).split("\n", -1)) {
                Matcher m = TAG.matcher(line);
                if (m.matches()) {
                    if (m.group(1).equals("tag")) {
                        open.put(m.group(2), new ArrayList<>());
                    } else {
                        List<String> region = open.remove(m.group(2));
                        assertTrue(region != null, file + ": end without tag: " + m.group(2));
                        joined.merge(m.group(2), normalize(region), String::concat);
                    }
                } else {
                    open.values().forEach(region -> region.add(line));
                }
            }
            assertTrue(open.isEmpty(), file + ": tag without end: " + open.keySet());
        }
        return joined;
    }

    /** Each Java example of the documents, by where it is. */
    static Map<String, String> examples(Path root) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String doc : List.of("README.md", "docs/GUIDE.md")) {
            Matcher m = MARKDOWN_JAVA.matcher(read(root.resolve(doc)));
            while (m.find()) {
                if (m.group(1) == null) { // quick-start blocks: it/quickstart builds those
                    found.put(doc + " at offset " + m.start(), normalize(List.of(m.group(2).split("\n"))));
                }
            }
        }
        for (Path file : javaFiles(root.resolve("runtime"))) {
            if (!file.toString().contains("/src/main/java/")) {
                continue;
            }
            Matcher m = JAVADOC_CODE.matcher(read(file));
            while (m.find()) {
                List<String> lines = new ArrayList<>();
                for (String line : m.group(1).split("\n")) {
                    lines.add(line.replaceFirst("^\\s*\\* ?", ""));
                }
                found.put(root.relativize(file) + " at offset " + m.start(), normalize(lines));
            }
        }
        return found;
    }

    @Test
    void everyExampleInTheDocsIsCompiledHere() {
        Path root = root();
        Map<String, String> examples = examples(root);
        Set<String> compiled = Set.copyOf(regions().values());
        List<String> missing = new ArrayList<>();
        examples.forEach((where, code) -> {
            if (!compiled.contains(code)) {
                missing.add(where + ":\n" + code);
            }
        });
        if (!missing.isEmpty()) {
            fail(missing.size() + " example(s) are not compiled: put each, word for word, between"
                    + " // tag::NAME[] and // end::NAME[] in it/guide/src/test/java (and test it):\n\n"
                    + String.join("\n", missing));
        }
        assertTrue(examples.size() >= 10, "the documents' examples were found: " + examples.keySet());
    }
}
