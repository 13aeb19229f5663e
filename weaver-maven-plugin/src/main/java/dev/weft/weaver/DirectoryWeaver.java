package dev.weft.weaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Weaves every class file below a directory in place, and writes the generated frame classes
 * beside their owners. Files are visited in sorted order, so that logs and output are the same on
 * every machine.
 */
public final class DirectoryWeaver {

    /**
     * What one run did.
     *
     * @param classes how many classes were woven
     * @param methods the woven coroutines
     * @param errors the build errors; when there are any, nothing was written
     * @param millis how long it took
     */
    public record Summary(int classes, List<ClassWeaver.WovenMethod> methods,
            List<WeaveError> errors, long millis) {
    }

    private final ClassWeaver weaver;

    /**
     * @param weaver the weaver for single classes
     */
    public DirectoryWeaver(ClassWeaver weaver) {
        this.weaver = weaver;
    }

    /**
     * Weaves the classes below {@code root}. All classes are woven in memory first and written
     * only when none has an error, so that a failed build leaves no half-woven directory.
     *
     * @param root the classes directory
     * @return what was done
     * @throws IOException when a class file cannot be read or written
     */
    public Summary weave(Path root) throws IOException {
        long start = System.nanoTime();
        List<Path> files;
        if (!Files.isDirectory(root)) {
            return new Summary(0, List.of(), List.of(), 0);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        List<WeaveError> errors = new ArrayList<>();
        List<ClassWeaver.WovenMethod> methods = new ArrayList<>();
        List<Map.Entry<Path, byte[]>> writes = new ArrayList<>();
        int classes = 0;
        for (Path file : files) {
            ClassWeaver.Result result = weaver.weave(Files.readAllBytes(file));
            errors.addAll(result.errors());
            if (result.woven() == null) {
                continue;
            }
            classes++;
            methods.addAll(result.methods());
            writes.add(Map.entry(file, result.woven()));
            result.generated().forEach((name, bytes) ->
                    writes.add(Map.entry(root.resolve(name + ".class"), bytes)));
        }
        if (errors.isEmpty()) {
            for (Map.Entry<Path, byte[]> write : writes) {
                Files.write(write.getKey(), write.getValue());
            }
        }
        return new Summary(errors.isEmpty() ? classes : 0, errors.isEmpty() ? methods : List.of(),
                errors, (System.nanoTime() - start) / 1_000_000);
    }
}
