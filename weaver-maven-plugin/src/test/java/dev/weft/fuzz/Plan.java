package dev.weft.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * What the driver does with one await of an async program: the awaited future is done (with a
 * value, a failure, or cancelled), or completed later by the driver (through a loop callback, a
 * timer, or another thread), or it stays pending while the driver cancels the outermost
 * coroutine's future ({@link Kind#CANCEL}; the abandoned future is completed afterwards). Its text
 * form ({@code dv:5}, {@code lf.th:FuzzError:f2}, {@code x.cb:"a"}) is what failures print and
 * regression tests store.
 */
record Plan(Kind kind, Via via, String arg) {

    /** The outcome of the awaited future, and when it comes. */
    enum Kind {
        DONE_VALUE("dv"), DONE_FAIL("df"), DONE_CANCELLED("dc"), LATER_VALUE("lv"),
        LATER_FAIL("lf"), LATER_CANCELLED("lc"), CANCEL("x");

        final String code;

        Kind(String code) {
            this.code = code;
        }

        /** Whether an await of it must suspend. */
        boolean pending() {
            return ordinal() >= LATER_VALUE.ordinal();
        }
    }

    /** How the driver completes a future later. */
    enum Via {
        CALLBACK("cb"), TIMER("tm"), THREAD("th");

        final String code;

        Via(String code) {
            this.code = code;
        }
    }

    static final Plan DONE_NULL = new Plan(Kind.DONE_VALUE, null, "null");

    /** The value of a value plan (or the value that completes an abandoned future). */
    Object value() {
        return Op.send(arg).value();
    }

    /** A fresh instance of the failure of a failing plan. */
    Throwable exception() {
        return Op.throwing(arg).exception();
    }

    boolean fails() {
        return kind == Kind.DONE_FAIL || kind == Kind.LATER_FAIL;
    }

    boolean cancelled() {
        return kind == Kind.DONE_CANCELLED || kind == Kind.LATER_CANCELLED;
    }

    @Override
    public String toString() {
        return kind.code + (via == null ? "" : "." + via.code) + (arg == null ? "" : ":" + arg);
    }

    static Plan parseOne(String s) {
        int colon = s.indexOf(':');
        String head = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? null : s.substring(colon + 1);
        int dot = head.indexOf('.');
        String code = dot < 0 ? head : head.substring(0, dot);
        Via via = null;
        if (dot >= 0) {
            for (Via v : Via.values()) {
                if (v.code.equals(head.substring(dot + 1))) {
                    via = v;
                }
            }
        }
        for (Kind k : Kind.values()) {
            if (k.code.equals(code)) {
                return new Plan(k, via, arg);
            }
        }
        throw new IllegalArgumentException("bad plan " + s);
    }

    /** Plans separated by spaces (values contain none). */
    static List<Plan> parse(String text) {
        List<Plan> plans = new ArrayList<>();
        for (String s : text.trim().split(" +")) {
            if (!s.isEmpty()) {
                plans.add(parseOne(s));
            }
        }
        return plans;
    }

    static String format(List<?> plans) {
        StringBuilder sb = new StringBuilder();
        for (Object p : plans) {
            sb.append(sb.length() == 0 ? "" : " ").append(p);
        }
        return sb.toString();
    }
}
