package dev.weft.fuzz;

import dev.weft.Generator;
import dev.weft.fuzz.Ast.SendKind;
import java.util.List;
import java.util.Random;

/**
 * Chooses the schedule while the reference model runs: the calls are random, but a value sent to
 * a suspension point is mostly of the type that point expects (it knows which point the reference
 * stands at), so that programs get far; now and then the wrong type or a null goes in on purpose.
 * The calls made are recorded and replayed on the woven generator.
 */
final class Chooser implements Driver.OpSource {
    private final Random r;
    private final List<SendKind> kinds;
    private final int maxOps;
    private int postOps;
    private boolean closing;
    private int thrown;

    Chooser(long seed, List<SendKind> kinds, int maxOpsCap) {
        this.r = new Random(seed);
        this.kinds = kinds;
        this.maxOps = Math.min(maxOpsCap, 2 + r.nextInt(r.nextInt(4) == 0 ? 80 : 30));
        this.postOps = r.nextInt(3);
    }

    @Override
    public Op next(Generator<Object, Object, Object> g, int step) {
        RefGen ref = (RefGen) g;
        switch (g.state()) {
            case CLOSED:
                return postOps-- > 0 ? any() : null;
            case CREATED:
                if (step >= maxOps) {
                    return null;
                }
                int c = r.nextInt(100);
                return c < 80 ? Op.NEXT : c < 85 ? Op.send("null") : c < 90 ? Op.HAS_NEXT
                        : c < 94 ? Op.CLOSE : c < 98 ? throwing() : Op.send(value(SendKind.INT));
            default:
                break;
        }
        if (step >= maxOps) {
            if (closing) {
                return null;
            }
            closing = true;
            return r.nextInt(10) < 7 ? Op.CLOSE : null;
        }
        SendKind kind = kinds.get(ref.innermost().point);
        int c = r.nextInt(100);
        if (ref.buffered()) {
            return c < 70 ? Op.NEXT : c < 80 ? Op.send("null") : c < 85 ? Op.HAS_NEXT
                    : c < 90 ? Op.send(value(kind)) : c < 95 ? throwing() : Op.CLOSE;
        }
        if (c < 52) {
            return Op.send(value(r.nextInt(100) < 4 ? SendKind.ANY : kind));
        }
        if (c < 70) {
            return kind == SendKind.ANY || kind == SendKind.STRING || c < 56 ? Op.NEXT
                    : Op.send(value(kind));
        }
        if (c < 76) {
            return Op.HAS_NEXT;
        }
        if (c < 92) {
            return throwing();
        }
        return Op.CLOSE;
    }

    private Op any() {
        int c = r.nextInt(5);
        return c == 0 ? Op.NEXT : c == 1 ? Op.CLOSE : c == 2 ? Op.HAS_NEXT : c == 3 ? throwing()
                : Op.send(value(SendKind.ANY));
    }

    private Op throwing() {
        String m = "t" + (++thrown);
        int c = r.nextInt(20);
        return Op.throwing(c < 6 ? "FuzzException:" + m : c < 11 ? "FuzzRuntimeException:" + m
                : c < 14 ? "FuzzError:" + m : c < 16 ? "ArithmeticException:" + m
                : c < 19 ? "GeneratorExit" : "StopIteration:" + m);
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
