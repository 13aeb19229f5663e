package dev.weft.weaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Weaves every class file below a directory in place, writes the generated frame classes beside
 * their owners, and deletes the frame classes no coroutine has any more (a coroutine renamed or
 * removed, a class without coroutines now, a class deleted). Files are visited in sorted order,
 * so that logs and output are the same on every machine.
 *
 * <p>Given a state file, a run reads only the class files that changed since the last successful
 * run (see {@link ClassFileState} for why a changed file is never missed); a rebuild in which
 * nothing changed only lists the directory once against the state file, and makes no
 * {@link ClassWeaver} when it is given a supplier of one.
 *
 * <p>Thread rule: one run at a time per instance (the weaver it makes is kept for the next).
 */
public final class DirectoryWeaver {

    /**
     * What one run did.
     *
     * @param classes how many classes were woven
     * @param methods the woven coroutines
     * @param errors the build errors; when there are any, nothing was written or deleted
     * @param examined how many class files were read (the others were unchanged)
     * @param deleted how many stale frame classes were deleted
     * @param millis how long it took
     */
    public record Summary(int classes, List<ClassWeaver.WovenMethod> methods,
            List<WeaveError> errors, int examined, int deleted, long millis) {
    }

    private final Supplier<ClassWeaver> weavers;
    private ClassWeaver weaver;

    /**
     * @param weaver the weaver for single classes
     */
    public DirectoryWeaver(ClassWeaver weaver) {
        this(() -> weaver);
    }

    /**
     * A weaver that makes its {@link ClassWeaver} only when a class file must be read: a
     * rebuild in which nothing changed then loads none of the weaver's classes nor ASM's.
     *
     * @param weaver makes the weaver for single classes, at most once
     */
    public DirectoryWeaver(Supplier<ClassWeaver> weaver) {
        this.weavers = weaver;
    }

    private ClassWeaver weaver() {
        if (weaver == null) {
            weaver = weavers.get();
        }
        return weaver;
    }

    /**
     * Weaves every class below {@code root}, reading all of them.
     *
     * @param root the classes directory
     * @return what was done
     * @throws IOException when a class file cannot be read or written
     */
    public Summary weave(Path root) throws IOException {
        return weave(root, null);
    }

    /**
     * Weaves the classes below {@code root}. All classes are woven in memory first and written
     * only when none has an error, so that a failed build leaves no half-woven directory.
     *
     * @param root the classes directory
     * @param stateFile where to remember what the directory looked like, so that the next run
     *        reads only what changed; null to read every class file
     * @return what was done
     * @throws IOException when a class file cannot be read or written
     */
    public Summary weave(Path root, Path stateFile) throws IOException {
        long start = System.nanoTime();
        if (!Files.isDirectory(root)) {
            return new Summary(0, List.of(), List.of(), 0, 0, 0);
        }
        ClassFileState state = stateFile == null ? null : ClassFileState.read(stateFile);
        if (state != null && state.describes(root)) {
            // Nothing new, changed or gone: nothing to read, write, delete or save.
            return new Summary(0, List.of(), List.of(), 0, 0, elapsed(start));
        }
        FileTime begin = state == null ? null : state.stamp();
        Map<String, ClassFileState.Stamp> looked = new HashMap<>();
        // From here on in sorted order, for the same logs and output everywhere.
        Map<String, ClassFileState.Stamp> owners = new TreeMap<>();
        Map<String, List<String>> frames = new TreeMap<>();
        list(root, looked, owners, frames);

        List<WeaveError> errors = new ArrayList<>();
        List<ClassWeaver.WovenMethod> methods = new ArrayList<>();
        Map<Path, byte[]> writes = new LinkedHashMap<>();
        Set<String> keptFrames = new HashSet<>();
        Set<String> examined = new HashSet<>();
        int classes = 0;
        for (Map.Entry<String, ClassFileState.Stamp> owner : owners.entrySet()) {
            String name = owner.getKey();
            if (state != null && state.unchanged(name, owner.getValue())) {
                keptFrames.addAll(frames.getOrDefault(name, List.of()));
                continue;
            }
            examined.add(name);
            byte[] bytes = Files.readAllBytes(classFile(root, name));
            ClassWeaver.Result result = weaver().weave(bytes);
            errors.addAll(result.errors());
            if (result.woven() == null) {
                if (ClassFileScan.mayBeWoven(bytes)) {
                    keptFrames.addAll(frames.getOrDefault(name, List.of())); // woven earlier
                }
                continue;
            }
            classes++;
            methods.addAll(result.methods());
            writes.put(classFile(root, name), result.woven());
            result.generated().forEach((frame, frameBytes) -> {
                writes.put(classFile(root, frame), frameBytes);
                keptFrames.add(frame);
            });
        }
        if (!errors.isEmpty()) {
            // The last saved state stays true of the files it lists: the next run reads again
            // every file this one found changed.
            return new Summary(0, List.of(), errors, examined.size(), 0, elapsed(start));
        }
        for (Map.Entry<Path, byte[]> write : writes.entrySet()) {
            Files.write(write.getKey(), write.getValue());
        }
        int deleted = 0;
        for (List<String> ofOwner : frames.values()) {
            for (String frame : ofOwner) {
                if (!keptFrames.contains(frame) && Files.deleteIfExists(classFile(root, frame))) {
                    deleted++;
                }
            }
        }
        if (state != null) {
            FileTime latest = FileTime.fromMillis(0);
            for (Path written : writes.keySet()) {
                FileTime modified = Files.getLastModifiedTime(written);
                latest = modified.compareTo(latest) > 0 ? modified : latest;
            }
            FileTime end = writes.isEmpty() ? begin : state.stampAfter(latest);
            // Looked at again after the stamp: only what is older than it counts (ClassFileState).
            Map<String, ClassFileState.Stamp> rewritten = new HashMap<>();
            for (Path written : writes.keySet()) {
                String name = root.relativize(written).toString().replace('\\', '/');
                name = name.substring(0, name.length() - ".class".length());
                BasicFileAttributes a = Files.readAttributes(written, BasicFileAttributes.class);
                rewritten.put(name, ClassFileState.Stamp.of(a.size(), a.lastModifiedTime()));
            }
            state.save(root, looked, begin, rewritten, end);
        }
        return new Summary(classes, methods, errors, examined.size(), deleted, elapsed(start));
    }

    /**
     * Lists the class files below root: every one with its stamp into {@code looked}, the
     * classes into {@code owners} and the frame classes by owner into {@code frames}.
     */
    private static void list(Path root, Map<String, ClassFileState.Stamp> looked,
            Map<String, ClassFileState.Stamp> owners, Map<String, List<String>> frames)
            throws IOException {
        ClassFiles.list(root, (name, size, modified) -> {
            ClassFileState.Stamp stamp = new ClassFileState.Stamp(size, modified);
            looked.put(name, stamp);
            String owner = FrameNames.ownerOf(name);
            if (owner == null) {
                owners.put(name, stamp);
            } else {
                frames.computeIfAbsent(owner, o -> new ArrayList<>()).add(name);
            }
            return true;
        });
    }

    private static Path classFile(Path root, String internalName) {
        return root.resolve(internalName + ".class");
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
