package dev.weft.weaver;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The listing of a classes directory: every class file below it, with its size and modification
 * time, in the order the file system lists them. That order is the same on every listing of a
 * directory nobody has changed, which is what lets {@link ClassFileState} check a rebuild with
 * nothing changed in one pass, without sorting or a lookup per file.
 */
final class ClassFiles {
    private ClassFiles() {
    }

    /** Told of each class file of a listing. */
    interface Visitor {
        /**
         * @param name the internal name of the class (its path below the root, without
         *        {@code .class}, with {@code /} between its parts)
         * @param size its size in bytes
         * @param modified its modification time in nanoseconds since the epoch
         * @return false to stop the listing here
         */
        boolean visit(String name, long size, long modified);
    }

    /**
     * Lists the class files below {@code root}.
     *
     * @return false if the visitor stopped the listing
     */
    static boolean list(Path root, Visitor visitor) throws IOException {
        int prefix = root.toString().length() + 1;
        boolean[] stopped = {false};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String path = file.toString();
                if (!path.endsWith(".class") || !attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                String name = path.substring(prefix, path.length() - ".class".length())
                        .replace('\\', '/');
                if (visitor.visit(name, attributes.size(),
                        attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS))) {
                    return FileVisitResult.CONTINUE;
                }
                stopped[0] = true;
                return FileVisitResult.TERMINATE;
            }
        });
        return !stopped[0];
    }
}
