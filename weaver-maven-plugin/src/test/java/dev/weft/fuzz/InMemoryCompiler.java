package dev.weft.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    private InMemoryCompiler() {
    }

    private static synchronized StandardJavaFileManager standard() {
        if (standard == null) {
            standard = JAVAC.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        }
        return standard;
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
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
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
