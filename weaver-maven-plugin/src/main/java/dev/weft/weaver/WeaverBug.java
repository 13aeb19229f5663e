package dev.weft.weaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a failure inside a weaver pass, of whatever kind, into a build error that names the
 * class, the method and the source line, says that it is a bug in weft and not in the user's
 * code, and keeps the input class file where the message says, for a reproducer. A pass never
 * lets a bare exception escape into the build.
 *
 * <p>The class file goes to the folder named by the system property {@code weft.bugs}, by
 * default {@code weft-bugs} in the temporary directory; the file name is the class's binary
 * name, so the same class failing again overwrites its own earlier copy.
 */
final class WeaverBug {
    /** The system property naming the folder that keeps the input class files. */
    static final String FOLDER_PROPERTY = "weft.bugs";

    /**
     * Where the weaver stands: the pass running and the method it works on, updated as the
     * pipeline goes, so that a failure can say where it happened.
     */
    static final class Progress {
        String className = "?";
        String sourceFile;
        String pass = "reading the class file";
        String method;
        int line;

        /** Enters a pass on the class as a whole. */
        void pass(String name) {
            pass = name;
        }

        /** Enters a pass on one method. */
        void pass(String name, String method, int line) {
            this.pass = name;
            this.method = method;
            this.line = line;
        }
    }

    private WeaverBug() {
    }

    /** The folder that keeps input class files. */
    static Path folder() {
        String configured = System.getProperty(FOLDER_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "weft-bugs");
    }

    /**
     * The build error for a failure.
     *
     * @param classFile the input class file, kept for the reproducer
     * @param at where the weaver stood
     * @param failure what was thrown
     * @return the error, located at the method's line in the class's source file
     */
    static WeaveError report(byte[] classFile, Progress at, Throwable failure) {
        String kept = keep(classFile, at.className);
        StackTraceElement where = failure.getStackTrace().length > 0
                ? failure.getStackTrace()[0] : null;
        String message = "weaver bug (not a problem in your code) in the pass '" + at.pass
                + "' on " + at.className.replace('/', '.')
                + (at.method != null ? "." + at.method : "") + ": " + failure
                + (where != null ? " at " + where : "")
                + "; please report it to weft with the input class file, " + kept;
        return new WeaveError(located(at), at.line, message);
    }

    private static String located(Progress at) {
        int slash = at.className.lastIndexOf('/');
        String folder = slash < 0 ? "" : at.className.substring(0, slash + 1);
        return folder + (at.sourceFile != null ? at.sourceFile
                : at.className.substring(slash + 1) + ".class");
    }

    private static String keep(byte[] classFile, String className) {
        Path file = folder().resolve(className.replace('/', '.') + ".class");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, classFile);
            return "kept at " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "which could not be kept at " + file.toAbsolutePath() + " (" + e + ")";
        }
    }
}
