package dev.weft.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** javac in this JVM, from source strings to class files in memory. */
final class InMemoryCompiler {

    /** javac rejected the sources. */
    static final class CompileError extends Exception {
        private static final long serialVersionUID = 1L;

        CompileError(String message) {
            super(message);
        }
    }

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static StandardJavaFileManager standard;
    private static String classpath;

    private InMemoryCompiler() {
    }

    private static synchronized StandardJavaFileManager standard() {
        if (standard == null) {
            standard = JAVAC.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        }
        return standard;
    }

    /**
     * The test class path for javac, with the weft jars (which other builds on a shared machine may
     * re-install into the local repository while this JVM runs) replaced by checked private
     * copies, and a manifest-only class path jar (surefire's) expanded.
     */
    static synchronized String classpath() {
        if (classpath == null) {
            List<String> entries = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                expand(Path.of(e), entries);
            }
            classpath = String.join(File.pathSeparator, entries);
        }
        return classpath;
    }

    private static void expand(Path entry, List<String> out) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        if (!name.endsWith(".jar") || !Files.isRegularFile(entry)) {
            out.add(entry.toString());
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            String manifestPath = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (manifestPath != null) {
                for (String url : manifestPath.trim().split(" +")) {
                    URI uri = entry.toUri().resolve(url);
                    expand(Path.of(uri), out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.add(name.startsWith("weft-") ? privateCopy(entry).toString() : entry.toString());
    }

    private static Path privateCopy(Path jar) {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Path copy = Files.createTempFile("weft-fuzz-", ".jar");
                copy.toFile().deleteOnExit();
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                readAll(copy);
                return copy;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UncheckedIOException("cannot copy " + jar, last);
    }

    private static void readAll(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = j.entries(); e.hasMoreElements();) {
                try (InputStream in = j.getInputStream(e.nextElement())) {
                    in.readAllBytes();
                }
            }
        }
    }

    /**
     * Compiles the sources, each given by the binary name of its public class.
     *
     * @return the class files by internal name
     */
    static synchronized Map<String, byte[]> compile(Map<String, String> sources, boolean debug)
            throws CompileError {
        Map<String, byte[]> out = new LinkedHashMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(standard()) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className,
                    JavaFileObject.Kind kind, FileObject sibling) {
                String internal = className.replace('.', '/');
                return new SimpleJavaFileObject(URI.create("mem:///" + internal + ".class"),
                        kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() throws IOException {
                                super.close();
                                out.put(internal, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        List<String> options = List.of("-classpath", classpath(),
                "-proc:none", "-nowarn", "-Xlint:none", "-encoding", "UTF-8",
                debug ? "-g" : "-g:none");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Boolean ok = JAVAC.getTask(null, files, diagnostics, options, null, units).call();
        if (!ok) {
            StringBuilder sb = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    sb.append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
                            .append(d.getLineNumber()).append(": ")
                            .append(d.getMessage(Locale.ROOT)).append('\n');
                }
            }
            throw new CompileError(sb.toString());
        }
        return out;
    }
}
