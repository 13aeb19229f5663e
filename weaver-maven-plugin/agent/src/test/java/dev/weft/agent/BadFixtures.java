package dev.weft.agent;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs in a child JVM: loads the weaver's fixtures that cannot be woven and calls each of their
 * methods, printing what each throws.
 */
public final class BadFixtures {
    static final List<String> CLASSES = List.of("InSynchronized", "InLambda", "WrongMarker",
            "WrongReturnType", "InConstructor");

    private BadFixtures() {
    }

    public static void main(String[] args) throws Exception {
        for (String name : CLASSES) {
            Class<?> c = Class.forName("dev.weft.fixtures.bad." + name);
            Object instance = null;
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                Object[] a = FixtureTranscript.arguments(k.getParameterTypes());
                if (a != null) {
                    k.setAccessible(true);
                    try {
                        instance = k.newInstance(a);
                        System.out.println(name + ".<init>: returned");
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        System.out.println(name + ".<init>: "
                                + FixtureTranscript.thrown(e.getCause()));
                    }
                }
            }
            Method[] methods = c.getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::toGenericString));
            for (Method m : methods) {
                Object[] a = FixtureTranscript.arguments(m.getParameterTypes());
                boolean isStatic = Modifier.isStatic(m.getModifiers());
                if (a == null || m.isSynthetic() || (!isStatic && instance == null)) {
                    continue;
                }
                m.setAccessible(true);
                try {
                    m.invoke(isStatic ? null : instance, a);
                    System.out.println(name + "." + m.getName() + ": returned");
                } catch (java.lang.reflect.InvocationTargetException e) {
                    System.out.println(name + "." + m.getName() + ": "
                            + FixtureTranscript.thrown(e.getCause()));
                }
            }
        }
    }
}
