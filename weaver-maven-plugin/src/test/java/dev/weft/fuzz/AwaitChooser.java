package dev.weft.fuzz;

import dev.weft.fuzz.Ast.SendKind;
import dev.weft.fuzz.Plan.Kind;
import dev.weft.fuzz.Plan.Via;
import java.util.List;
import java.util.Random;

/**
 * Chooses, while the reference runs, what each await it reaches gets: a value of the type that
 * await expects (now and then of another type, or null), a failure, a cancellation; done at once
 * or later. Cancelling the outermost coroutine is chosen only at an await written in the
 * outermost coroutine itself (not while it awaits another coroutine, whose body would go on), and
 * never inside {@code Co.all}.
 */
final class AwaitChooser {
    private static final String[] FAILURES = {"FuzzException", "FuzzException",
        "FuzzRuntimeException", "FuzzRuntimeException", "FuzzError", "ArithmeticException",
        "StopIteration", "GeneratorExit"};

    private final Random r;
    private final List<SendKind> kinds;
    private final List<Integer> gens;
    /** After this many awaits, every await gets a done value (the shrinker cuts schedules so). */
    private final int maxPlans;
    private int failures;
    private int cancels;
    /** Cancellations chosen: not off the loop, where one can come before the body's await. */
    private final boolean cancelling;

    AwaitChooser(long seed, List<SendKind> kinds, List<Integer> gens, int maxPlans) {
        this(seed, kinds, gens, maxPlans, true);
    }

    AwaitChooser(long seed, List<SendKind> kinds, List<Integer> gens, int maxPlans,
            boolean cancelling) {
        this.cancelling = cancelling;
        this.r = new Random(seed);
        this.kinds = kinds;
        this.gens = gens;
        this.maxPlans = maxPlans;
    }

    /** The plan of the {@code n}-th await, at point {@code id}; {@code single}: not in Co.all. */
    Plan choose(int id, int n, boolean single) {
        SendKind kind = kinds.get(id);
        if (n >= maxPlans) {
            return new Plan(Kind.DONE_VALUE, null, value(kind));
        }
        int c = r.nextInt(100);
        if (c < 44) {
            return new Plan(Kind.DONE_VALUE, null, value(r.nextInt(100) < 4 ? SendKind.ANY : kind));
        }
        if (c < 50) {
            return new Plan(Kind.DONE_FAIL, null, failure());
        }
        if (c < 51) {
            return new Plan(Kind.DONE_CANCELLED, null, null);
        }
        Via via = Via.values()[r.nextInt(3)];
        if (c < 86) {
            return new Plan(Kind.LATER_VALUE, via, value(r.nextInt(100) < 4 ? SendKind.ANY : kind));
        }
        if (c < 93) {
            return new Plan(Kind.LATER_FAIL, via, failure());
        }
        if (c < 95) {
            return new Plan(Kind.LATER_CANCELLED, via, null);
        }
        if (cancelling && single && gens.get(id) == 0 && cancels < 2) {
            cancels++;
            return new Plan(Kind.CANCEL, via, value(kind));
        }
        return new Plan(Kind.LATER_VALUE, via, value(kind));
    }

    private String failure() {
        return FAILURES[r.nextInt(FAILURES.length)] + ":f" + (++failures);
    }

    private String value(SendKind kind) {
        switch (kind) {
            case INT:
                return Integer.toString(r.nextInt(10) == 0 ? r.nextInt(100000) : r.nextInt(14) - 3);
            case LONG:
                return (r.nextInt(16) - 3) + "L";
            case DOUBLE:
                return (r.nextInt(40) - 10) / 4.0 + "D";
            case BOOL:
                return Boolean.toString(r.nextBoolean());
            case STRING:
                return '"' + ProgramGenerator.STRINGS[r.nextInt(ProgramGenerator.STRINGS.length)]
                        + '"';
            default:
                SendKind[] all = SendKind.values();
                SendKind k = all[1 + r.nextInt(all.length - 1)];
                return r.nextInt(6) == 0 ? "null" : value(k);
        }
    }
}
