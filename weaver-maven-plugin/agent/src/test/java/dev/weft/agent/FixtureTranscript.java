package dev.weft.agent;

import dev.weft.Future;
import dev.weft.Generator;
import dev.weft.IOLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs in a child JVM: calls every static method of the weaver's fixtures it can make arguments
 * for, drives each generator (next and send, then close) and each future (on an IOLoop), and
 * prints what happened, exceptions with the fixture line they were thrown from. Two runs of the
 * same classes woven the same way print the same text; an unwoven run prints "was not woven".
 *
 * <p>Arguments: none (fixtures on the class path), or a directory or jar to load the fixtures
 * from with a class loader of its own (a child of the application loader).
 */
public final class FixtureTranscript {
    static final List<String> CLASSES = List.of("Gens", "Asyncs", "Expressions", "Kinds",
            "Traced", "Plain", "Debuggee");
    private static final String PACKAGE = "dev.weft.fixtures.";
    /** Not called: a program's entry point, and a fixture whose result is a measured time. */
    private static final List<String> SKIPPED = List.of("main", "sleeps");

    private FixtureTranscript() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader loader = FixtureTranscript.class.getClassLoader();
        if (args.length > 0) {
            loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()}, loader);
        }
        StringBuilder out = new StringBuilder();
        for (String name : CLASSES) {
            Class<?> c = Class.forName(PACKAGE + name, true, loader);
            out.append("== ").append(name).append(" (own loader: ")
                    .append(c.getClassLoader() == loader).append(")\n");
            Method[] methods = c.getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
            for (Method m : methods) {
                if (!Modifier.isStatic(m.getModifiers()) || m.isSynthetic()
                        || SKIPPED.contains(m.getName()) || m.getName().startsWith("lambda$")) {
                    continue;
                }
                Object[] arguments = arguments(m.getParameterTypes());
                if (arguments == null) {
                    continue;
                }
                m.setAccessible(true);
                out.append(m.getName()).append(Arrays.toString(m.getParameterTypes()))
                        .append(": ");
                call(m, arguments, out);
                out.append('\n');
            }
            try {
                Object log = c.getField("LOG").get(null);
                out.append("LOG ").append(log).append('\n');
            } catch (NoSuchFieldException e) {
                // not every fixture logs
            }
        }
        loadTheOthers(loader);
        System.out.print(out);
    }

    /**
     * Loads (without running) every other class of the fixtures' package, nested ones too, so
     * that the agent weaves each fixture the build wove, also those this transcript does not
     * drive (fixtures added for other tests: lambdas, waiters, ...).
     */
    private static void loadTheOthers(ClassLoader loader) throws Exception {
        URL gens = loader.getResource(PACKAGE.replace('.', '/') + "Gens.class");
        List<String> names = new ArrayList<>();
        if (gens.getProtocol().equals("jar")) {
            String jar = gens.getPath().substring("file:".length(), gens.getPath().indexOf('!'));
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
                file.stream().forEach(e -> names.add(e.getName()));
            }
        } else {
            Path dir = Path.of(gens.toURI()).getParent();
            try (var files = java.nio.file.Files.list(dir)) {
                files.forEach(f -> names.add(PACKAGE.replace('.', '/') + f.getFileName()));
            }
        }
        names.sort(null);
        for (String entry : names) {
            String prefix = PACKAGE.replace('.', '/');
            if (!entry.startsWith(prefix) || !entry.endsWith(".class")
                    || entry.indexOf('/', prefix.length()) >= 0 || entry.contains("$weft$")) {
                continue; // another package (the illegal fixtures), or a frame class
            }
            String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            Class.forName(name, false, loader);
        }
    }

    private static void call(Method m, Object[] arguments, StringBuilder out) {
        if (Future.class.isAssignableFrom(m.getReturnType())) {
            try {
                Object result = IOLoop.current().runSync(() -> (Future<?>) invoke(m, arguments),
                        Duration.ofSeconds(20));
                out.append("result ").append(show(result));
            } catch (Throwable t) {
                out.append(thrown(t));
            }
            return;
        }
        Object result;
        try {
            result = invoke(m, arguments);
        } catch (Throwable t) {
            out.append(thrown(t));
            return;
        }
        if (result instanceof Generator<?, ?, ?> g) {
            Class<?> frame = g.getClass();
            out.append(frame.getClassLoader() == m.getDeclaringClass().getClassLoader()
                    && frame.getPackageName().equals(m.getDeclaringClass().getPackageName())
                    ? "[same loader and package]" : "[elsewhere: " + frame.getName() + "]");
            drive(g, out);
        } else {
            out.append("returned ").append(show(result));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void drive(Generator g, StringBuilder out) {
        List<Object> sends = Arrays.asList(null, 10, null, "t", 2.5, null);
        for (int step = 0; step < 14; step++) {
            try {
                Object sent = sends.get(step % sends.size());
                Object v = step == 0 || sent == null ? g.next() : g.send(sent);
                out.append(" y=").append(show(v));
            } catch (Throwable t) {
                out.append(" ").append(t instanceof dev.weft.StopIteration s
                        ? "StopIteration(" + show(s.value()) + ")" : thrown(t));
                if (g.state() == Generator.State.CLOSED) {
                    return;
                }
            }
        }
        try {
            g.close();
            out.append(" closed");
        } catch (Throwable t) {
            out.append(" close ").append(thrown(t));
        }
    }

    static Object invoke(Method m, Object[] arguments) {
        try {
            return m.invoke(null, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** An argument of each type, or null when a type has none here. */
    static Object[] arguments(Class<?>[] types) {
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            Object v;
            if (t == int.class || t == Integer.class) {
                v = 3;
            } else if (t == long.class) {
                v = 7L;
            } else if (t == double.class) {
                v = 1.5;
            } else if (t == float.class) {
                v = 2.5f;
            } else if (t == boolean.class) {
                v = true;
            } else if (t == byte.class) {
                v = (byte) 2;
            } else if (t == char.class) {
                v = 'c';
            } else if (t == short.class) {
                v = (short) 4;
            } else if (t == String.class) {
                v = "s";
            } else if (t == int[].class) {
                v = new int[] {1, 2};
            } else if (t == List.class) {
                v = new ArrayList<>(List.of("b", "a", "c"));
            } else if (t == Future.class) {
                v = Future.completed("f");
            } else if (t == java.util.concurrent.CompletionStage.class) {
                v = CompletableFuture.completedFuture("c");
            } else if (t == Runnable.class) {
                v = (Runnable) () -> { };
            } else if (t == Generator.class) {
                v = Generator.done("d");
            } else {
                return null;
            }
            values[i] = v;
        }
        return values;
    }

    private static String show(Object v) {
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean
                || v instanceof Character || v instanceof List || v instanceof Enum
                || v.getClass().isRecord()) {
            return String.valueOf(v);
        }
        if (v instanceof Generator<?, ?, ?> g) {
            return "Generator(" + g.state() + ")";
        }
        if (v instanceof Future<?> f) {
            return "Future(done=" + f.isDone() + ")";
        }
        return v.getClass().getName();
    }

    static String thrown(Throwable t) {
        String where = "";
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith(PACKAGE)) {
                where = " at " + e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName()
                        + ":" + e.getLineNumber() + ")";
                break;
            }
        }
        return t.getClass().getName() + ": " + t.getMessage() + where;
    }
}
