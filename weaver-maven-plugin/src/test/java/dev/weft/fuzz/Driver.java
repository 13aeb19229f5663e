package dev.weft.fuzz;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Drives a generator through a schedule of calls and writes down everything observable: what each
 * call returned or threw (class and message), the state after it, and the return value at the end.
 * The same code drives the woven generator and the reference model.
 */
final class Driver {
    private Driver() {
    }

    /** Where the calls come from: a fixed list, or a chooser that looks at the reference. */
    interface OpSource {
        /** The next call, or null to stop. */
        Op next(Generator<Object, Object, Object> g, int step);
    }

    static OpSource replay(List<Op> ops) {
        return (g, step) -> step < ops.size() ? ops.get(step) : null;
    }

    /** Runs one transcript; {@code recorded} (if not null) receives the calls made. */
    @SuppressWarnings("unchecked")
    static List<String> drive(Callable<Object> entry, OpSource source, List<Op> recorded) {
        List<String> lines = new ArrayList<>();
        Generator<Object, Object, Object> g;
        try {
            g = (Generator<Object, Object, Object>) entry.call();
        } catch (Throwable t) {
            lines.add("entry -> " + outcome(t));
            return lines;
        }
        lines.add("entry -> " + g.state());
        for (int step = 0;; step++) {
            Op op = source.next(g, step);
            if (op == null) {
                break;
            }
            if (recorded != null) {
                recorded.add(op);
            }
            String result;
            try {
                result = apply(g, op);
            } catch (Throwable t) {
                result = outcome(t);
            }
            lines.add(op + " -> " + result + " [" + g.state() + "]");
        }
        String rv;
        try {
            rv = "RV " + H.render(g.returnValue());
        } catch (Throwable t) {
            rv = outcome(t);
        }
        lines.add("returnValue -> " + rv);
        return lines;
    }

    private static String apply(Generator<Object, Object, Object> g, Op op) {
        switch (op.kind()) {
            case NEXT:
                return "Y " + H.render(g.next());
            case SEND:
                return "Y " + H.render(g.send(op.value()));
            case THROW:
                return "Y " + H.render(g.throwInto(op.exception()));
            case CLOSE:
                g.close();
                return "OK";
            default:
                return "HN " + g.hasNext();
        }
    }

    static String outcome(Throwable t) {
        if (t instanceof StopIteration s) {
            return "STOP " + H.render(s.value());
        }
        if (t instanceof RefGen.ProtocolError) {
            return "EXC java.lang.IllegalStateException:<any>";
        }
        String s = "EXC " + H.describe(t);
        if (t.getCause() != null && t.getCause() != t) {
            s += " cause " + H.describe(t.getCause());
        }
        return s;
    }

    /** Whether a woven line matches the reference's ({@code <any>}: any message). */
    static boolean matches(String reference, String woven) {
        if (reference.equals(woven)) {
            return true;
        }
        if (!reference.contains("<any>")) {
            return false;
        }
        String[] parts = reference.split("<any>", -1);
        StringBuilder regex = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            regex.append(k == 0 ? "" : ".*").append(Pattern.quote(parts[k]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(woven).matches();
    }

    /** The index of the first line that differs, or -1 when the transcripts agree. */
    static int firstDifference(List<String> reference, List<String> woven) {
        int n = Math.min(reference.size(), woven.size());
        for (int k = 0; k < n; k++) {
            if (!matches(reference.get(k), woven.get(k))) {
                return k;
            }
        }
        return reference.size() == woven.size() ? -1 : n;
    }
}
