package dev.weft.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Defines generated frame classes in the class loader, package and protection domain of their
 * coroutine's class.
 *
 * <p>They must be there before the coroutine's class is linked: its verification may load them
 * (a frame returned as a {@code Generator}), and its loader would never find them on its own, as
 * they exist in no file. So they are defined while the coroutine's class is being transformed,
 * through the loader's own {@code defineClass}, which the JVM allows from a transformer (no other
 * class is loaded but the frame's superclass from the runtime). That method is protected; an
 * agent may open {@code java.lang} to itself with {@link Instrumentation#redefineModule}, which
 * is what this does, once, and nothing more.
 *
 * <p>Thread rule: stateless after construction; safe from any thread.
 */
final class FrameDefiner {
    private final Method defineClass;

    FrameDefiner(Instrumentation instrumentation) throws NoSuchMethodException {
        Module javaBase = ClassLoader.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("java.lang", Set.of(FrameDefiner.class.getModule())), Set.of(), Map.of());
        defineClass = ClassLoader.class.getDeclaredMethod("defineClass", String.class,
                byte[].class, int.class, int.class, ProtectionDomain.class);
        defineClass.setAccessible(true);
    }

    /**
     * Defines one class in {@code loader}.
     *
     * @param loader the coroutine's class loader (never the bootstrap loader)
     * @param internalName the frame class's internal name
     * @param bytes its class file
     * @param domain the coroutine's protection domain
     */
    void define(ClassLoader loader, String internalName, byte[] bytes, ProtectionDomain domain) {
        try {
            defineClass.invoke(loader, internalName.replace('/', '.'), bytes, 0, bytes.length,
                    domain);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("weft-agent: cannot define " + internalName
                    + " in " + loader + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
