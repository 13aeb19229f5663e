package dev.weft.agent;

import dev.weft.weaver.ClassFileScan;
import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.TypeHierarchy;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Weaves each class as it loads, as the build would have: classes that name no {@code dev/weft/Co*}
 * or carry the woven mark are passed by after a byte scan (never parsed); the rest go through
 * {@link ClassWeaver} with a type hierarchy read from the class's own loader, which sees the
 * class path the build would have compiled against.
 *
 * <p>A failure of the agent itself is reported on standard error and the class loads as it
 * was: an agent must never be why an application does not start.
 *
 * <p>Thread rule: the JVM calls {@link #transform} from any thread, concurrently. The type
 * hierarchy of each class loader is kept (reading the JDK's classes again for every woven class
 * was most of the agent's start-up cost) and used under its own lock, which is held only while
 * weaving in memory: it reads class files as resources and loads no class. Frame classes are
 * defined after it is released, so no class loader's lock is ever taken while holding it.
 */
final class WeavingTransformer implements ClassFileTransformer {
    /** The agent's own classes (with its relocated weaver and ASM) are never woven. */
    private static final String OWN_PACKAGE = "dev/weft/agent/";

    private final Map<ClassLoader, TypeHierarchy> hierarchies = new WeakHashMap<>();
    private final FrameDefiner frames;
    private final AgentOptions options;
    private final PrintStream err;

    WeavingTransformer(FrameDefiner frames, AgentOptions options, PrintStream err) {
        this.frames = frames;
        this.options = options;
        this.err = err;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) {
        if (loader == null || className == null || redefined != null
                || className.startsWith(OWN_PACKAGE)
                || ClassWeaver.frameOwner(className) != null
                || !ClassFileScan.mayNeedWeaving(classFile)
                || ClassFileScan.mayBeWoven(classFile)) {
            return null;
        }
        try {
            return weave(loader, className, domain, classFile);
        } catch (RuntimeException | LinkageError | IOException e) {
            err.println("weft-agent: cannot weave " + className.replace('/', '.') + " (" + e
                    + "); it loads unwoven");
            return null;
        }
    }

    private byte[] weave(ClassLoader loader, String className, ProtectionDomain domain,
            byte[] classFile) throws IOException {
        // No source roots at run time: only errors about methods without code lack a line.
        TypeHierarchy hierarchy;
        synchronized (hierarchies) {
            hierarchy = hierarchies.computeIfAbsent(loader, WeavingTransformer::hierarchyOf);
        }
        ClassWeaver.Result result;
        synchronized (hierarchy) {
            result = new ClassWeaver(hierarchy, (c, s, m) -> 0, options.verify()).weave(classFile);
        }
        if (!result.errors().isEmpty()) {
            err.println("weft-agent: cannot weave " + className.replace('/', '.')
                    + "; calling its coroutines throws IllegalStateException:");
            err.println(FailingCoroutines.text(result.errors()));
            return FailingCoroutines.rewrite(classFile, result.errors());
        }
        if (result.woven() == null) {
            return null;
        }
        for (Map.Entry<String, byte[]> frame : result.generated().entrySet()) {
            frames.define(loader, frame.getKey(), frame.getValue(), domain);
            dump(frame.getKey(), frame.getValue());
        }
        dump(className, result.woven());
        if (options.verbose()) {
            int n = result.methods().size();
            err.println("weft-agent: wove " + n + " coroutine method" + (n == 1 ? "" : "s")
                    + " in " + className.replace('/', '.'));
        }
        return result.woven();
    }

    /**
     * {@link TypeHierarchy#of(ClassLoader)}, holding the loader weakly: the hierarchy is the value
     * of a weak map keyed by that loader, which must stay collectable.
     */
    private static TypeHierarchy hierarchyOf(ClassLoader loader) {
        WeakReference<ClassLoader> weak = new WeakReference<>(loader);
        return new TypeHierarchy(name -> {
            ClassLoader l = weak.get();
            return l == null ? null : TypeHierarchy.of(l).classFile(name);
        });
    }

    private void dump(String internalName, byte[] bytes) throws IOException {
        if (options.dump() != null) {
            Path file = options.dump().resolve(internalName + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        }
    }
}
