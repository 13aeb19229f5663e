package dev.weft.fuzz;

import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;

/**
 * The suspension points of the reference version of a fuzzed program: where the woven version
 * says {@code Co.yield(v)}, the reference says {@code R.yield(id, v)}; {@code id} names the point,
 * so that the schedule can send it a value of the type it expects.
 */
public final class R {
    private R() {
    }

    @SuppressWarnings("unchecked")
    public static <S> S yield(int id, Object value) {
        return (S) RefGen.current().suspend(id, value);
    }

    @SuppressWarnings("unchecked")
    public static <S> S yield0(int id) {
        return (S) RefGen.current().suspend(id, null);
    }

    /** {@code Co.yieldFrom(Iterable)}: yields each element; sent values are ignored (API.md). */
    public static void yieldFromIt(int id, Iterable<?> values) {
        RefGen self = RefGen.current();
        for (Object v : values) {
            self.suspend(id, v);
        }
    }

    /** {@code Co.yieldFrom(Generator)}: the expansion of PEP 380, line by line. */
    public static Object yieldFrom(int id, Generator<?, ?, ?> generator) {
        @SuppressWarnings("unchecked")
        Generator<Object, Object, Object> sub = (Generator<Object, Object, Object>) generator;
        RefGen self = RefGen.current();
        if (self.killed()) {
            throw new RefGen.Kill();
        }
        self.delegate = sub instanceof RefGen r ? r : null;
        try {
            Object y;
            try {
                y = sub.next();
            } catch (StopIteration e) {
                return e.value();
            }
            for (;;) {
                Object s;
                try {
                    s = self.suspend(id, y);
                } catch (RefGen.Kill k) {
                    throw k;
                } catch (GeneratorExit e) {
                    sub.close();
                    throw e;
                } catch (Throwable e) {
                    try {
                        y = sub.throwInto(e);
                    } catch (StopIteration stop) {
                        return stop.value();
                    }
                    continue;
                }
                try {
                    y = s == null ? sub.next() : sub.send(s);
                } catch (StopIteration stop) {
                    return stop.value();
                }
            }
        } finally {
            self.delegate = null;
        }
    }
}
