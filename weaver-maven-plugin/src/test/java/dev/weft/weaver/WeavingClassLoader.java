package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the test fixtures (package {@code dev.weft.fixtures}) woven by {@link ClassWeaver}, and
 * everything else (the runtime, JUnit) from the test class path, so that tests run real woven
 * code through the JVM's own verifier.
 */
final class WeavingClassLoader extends ClassLoader {
    static final String FIXTURES = "dev.weft.fixtures.";

    private final ClassWeaver weaver;
    private final Map<String, byte[]> generated = new HashMap<>();
    private final boolean countResumes;

    WeavingClassLoader() {
        this(false);
    }

    /**
     * @param countResumes whether every frame's {@code resume()} reports to {@link ResumeCounter}
     */
    WeavingClassLoader(boolean countResumes) {
        super(WeavingClassLoader.class.getClassLoader());
        ClassLoader parent = getParent();
        this.weaver = new ClassWeaver(TypeHierarchy.of(parent), (c, s, m) -> 0);
        this.countResumes = countResumes;
    }

    /** The class file of a fixture as javac wrote it. */
    static byte[] original(String internalName) {
        try (InputStream in = WeavingClassLoader.class.getClassLoader()
                .getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IllegalArgumentException("no class " + internalName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(FIXTURES)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        String internal = name.replace('.', '/');
        byte[] bytes = generated.remove(internal);
        if (bytes != null && countResumes) {
            bytes = ResumeCounter.instrument(bytes);
        }
        if (bytes == null) {
            byte[] original;
            try {
                original = original(internal);
            } catch (IllegalArgumentException e) {
                throw new ClassNotFoundException(name);
            }
            ClassWeaver.Result result = weaver.weave(original);
            List<WeaveError> errors = result.errors();
            if (!errors.isEmpty()) {
                throw new IllegalStateException("fixture " + name + " does not weave: " + errors);
            }
            generated.putAll(result.generated());
            bytes = result.woven() != null ? result.woven() : original;
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
