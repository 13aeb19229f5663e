package dev.weft.weaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the line of a {@code @Coroutine} method's declaration in the source tree. Class files
 * record lines only for code, so a build error about an abstract or native method needs the
 * source to say where it is.
 */
public final class SourceDeclarations implements ClassWeaver.DeclarationLines {
    private final List<Path> sourceRoots;

    /**
     * @param sourceRoots the directories the sources were compiled from
     */
    public SourceDeclarations(List<Path> sourceRoots) {
        this.sourceRoots = sourceRoots;
    }

    @Override
    public int line(String className, String sourceFile, String method) {
        if (sourceFile == null) {
            return 0;
        }
        int slash = className.lastIndexOf('/');
        String relative = (slash < 0 ? "" : className.substring(0, slash + 1)) + sourceFile;
        Pattern declaration = Pattern.compile("\\b" + Pattern.quote(method) + "\\s*\\(");
        for (Path root : sourceRoots) {
            Path file = root.resolve(relative);
            if (Files.isRegularFile(file)) {
                try {
                    return find(Files.readAllLines(file), declaration);
                } catch (IOException | RuntimeException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static int find(List<String> lines, Pattern declaration) {
        boolean annotated = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("@Coroutine")) {
                annotated = true;
            }
            if (annotated && declaration.matcher(line).find()) {
                return i + 1;
            }
            if (line.contains(";") || line.contains("}")) {
                annotated = line.contains("@Coroutine");
            }
        }
        return 0;
    }
}
