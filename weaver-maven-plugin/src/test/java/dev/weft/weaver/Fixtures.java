package dev.weft.weaver;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls static methods of woven fixture classes by name. */
final class Fixtures {
    private static final WeavingClassLoader LOADER = new WeavingClassLoader();

    private Fixtures() {
    }

    static Class<?> load(String simpleName) {
        try {
            return Class.forName(WeavingClassLoader.FIXTURES + simpleName, true, LOADER);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Calls {@code Class.method(args)}; the first method of that name and arity. */
    @SuppressWarnings("unchecked")
    static <T> T call(String className, String method, Object... args) {
        Class<?> c = load(className);
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length
                    && !m.isSynthetic()) {
                m.setAccessible(true);
                try {
                    return (T) m.invoke(null, args);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    throw sneaky(e.getCause());
                }
            }
        }
        throw new IllegalArgumentException("no method " + className + "." + method);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
