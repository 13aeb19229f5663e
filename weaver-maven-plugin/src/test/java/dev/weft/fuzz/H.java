package dev.weft.fuzz;

import java.util.Arrays;
import java.util.List;

/**
 * Helper methods that fuzzed programs call: deterministic, with parameters of every type so that
 * suspension points stand among operand-stack values of every kind; and the canonical rendering of
 * values used in transcripts (never an identity hash code, never a helpful-NPE message, which names
 * the woven code's own fields).
 */
public final class H {
    private H() {
    }

    /** Loop iterations left in this run; a woven body that loops for ever runs out. */
    static volatile int fuel;
    /** Whether this run ran out of fuel. */
    static volatile boolean fuelOut;

    /** Thrown when a run exceeds its loop budget. */
    public static final class OutOfFuel extends Error {
        private static final long serialVersionUID = 1L;

        OutOfFuel() {
            super("out of fuel");
        }
    }

    static void refuel(int n) {
        fuel = n;
        fuelOut = false;
    }

    /** Counts one loop iteration. */
    public static boolean tick() {
        if (--fuel < 0) {
            fuelOut = true;
            throw new OutOfFuel();
        }
        return true;
    }

    /**
     * Never true, but javac cannot know: guards a suspension point that keeps a lambda whose
     * other suspension points the shrinker removed a coroutine (a lambda without one is an
     * ordinary, eagerly run lambda, API.md §7).
     */
    public static boolean never() {
        return false;
    }

    public static int idx(int i, int len) {
        return len == 0 ? 0 : Math.floorMod(i, len);
    }

    public static int small(int i) {
        return Math.floorMod(i, 5);
    }

    // Lenient conversions of a sent value.

    public static int i(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof Character c) {
            return c;
        }
        return o == null ? -1 : render(o).length();
    }

    public static long j(Object o) {
        return o instanceof Number n ? n.longValue() : i(o) * 1000L;
    }

    public static double d(Object o) {
        return o instanceof Number n ? n.doubleValue() : i(o) / 4.0;
    }

    public static boolean z(Object o) {
        return o instanceof Boolean b ? b : i(o) % 2 == 0;
    }

    public static String s(Object o) {
        return o instanceof String str ? str : render(o);
    }

    // Mixers with parameters of every type.

    public static int mix(byte b, short s, char c, int i, long j, float f, double d, boolean z,
            String str, Object o) {
        long h = b * 31L + s * 17L + c + i * 7L + (j ^ (long) f * 3) + (long) d + (z ? 1 : 0)
                + (str == null ? 0 : str.length()) + (o == null ? 0 : render(o).length());
        return (int) (h % 1000);
    }

    public static long j3(long a, int b, long c) {
        return a * 2 + b - c;
    }

    public static double d3(double a, float b, long c) {
        return a + b * 0.5 - c;
    }

    public static String s4(String a, char c, boolean z, Object o) {
        return a + c + (z ? "T" : "F") + render(o);
    }

    public static Object o2(Object a, Object b) {
        return a == null ? b : a;
    }

    public static int i2(int a, int b) {
        return a * 3 - b;
    }

    public static boolean z2(boolean a, int b) {
        return a ^ (b % 3 == 0);
    }

    public static int[] ia(int a, int b) {
        return new int[] {a, b, a + b};
    }

    /** The value itself: lets a switch arm yield a value whose text starts with a parenthesis. */
    public static <X> X same(X x) {
        return x;
    }

    public static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    /** Throws the checked {@link FuzzException} when {@code x % 7 == 3}. */
    public static int check(int x) throws FuzzException {
        if (x % 7 == 3) {
            throw new FuzzException("check " + x);
        }
        return x;
    }

    /** Throws the unchecked {@link FuzzRuntimeException} when {@code x % 5 == 4}. */
    public static int boom(int x) {
        if (x % 5 == 4) {
            throw new FuzzRuntimeException("boom " + x);
        }
        return x + 1;
    }

    /**
     * A throwable as its class and message (NullPointerException and CancellationException: class
     * only).
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "null";
        }
        String name = t.getClass().getName();
        if (t instanceof NullPointerException
                || t instanceof java.util.concurrent.CancellationException) {
            // A cancellation's message names the coroutine or future it came from.
            return name;
        }
        return name + ":" + t.getMessage();
    }

    /** The values of a body's locals, as its return value: checks that they all survived. */
    public static String digest(Object... values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append(render(v)).append(';');
        }
        return sb.toString();
    }

    public static String render(Object o) {
        return render(o, 0);
    }

    private static String render(Object o, int depth) {
        if (depth > 4) {
            return "...";
        }
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return '"' + s + '"';
        }
        if (o instanceof Integer || o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof Long) {
            return o + "L";
        }
        if (o instanceof Short) {
            return o + "S";
        }
        if (o instanceof Byte) {
            return o + "B";
        }
        if (o instanceof Character c) {
            return "'" + (int) c + "'";
        }
        if (o instanceof Float) {
            return o + "F";
        }
        if (o instanceof Double) {
            return o + "D";
        }
        if (o instanceof int[] a) {
            return "int" + Arrays.toString(a);
        }
        if (o instanceof Object[] a) {
            StringBuilder sb = new StringBuilder(a.getClass().getComponentType().getSimpleName())
                    .append('[');
            for (int k = 0; k < a.length; k++) {
                sb.append(k == 0 ? "" : ",").append(render(a[k], depth + 1));
            }
            return sb.append(']').toString();
        }
        if (o instanceof Box b) {
            return "Box(" + render(b.o, depth + 1) + "," + b.v + ")";
        }
        if (o instanceof Throwable t) {
            return "!" + describe(t);
        }
        if (o instanceof List<?> l) {
            return "List" + render(l.toArray(), depth + 1);
        }
        return o.getClass().getName();
    }
}
