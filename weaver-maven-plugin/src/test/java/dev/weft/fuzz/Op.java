package dev.weft.fuzz;

import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of the schedule that drives a generator: {@code next}, {@code send:V},
 * {@code throw:CLASS:MESSAGE}, {@code close} or {@code hasNext}. Its text form is what the fuzzer
 * prints and what regression tests store; {@link #parse} reads it back.
 */
record Op(Kind kind, String arg) {

    enum Kind { NEXT, SEND, THROW, CLOSE, HAS_NEXT }

    static final Op NEXT = new Op(Kind.NEXT, null);
    static final Op CLOSE = new Op(Kind.CLOSE, null);
    static final Op HAS_NEXT = new Op(Kind.HAS_NEXT, null);

    static Op send(String value) {
        return new Op(Kind.SEND, value);
    }

    static Op throwing(String exception) {
        return new Op(Kind.THROW, exception);
    }

    /** The value to send: null, 5 (Integer), 5L, 2.5D, true/false, "text". */
    Object value() {
        String v = arg;
        if (v.equals("null")) {
            return null;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        if (v.startsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.endsWith("L")) {
            return Long.valueOf(v.substring(0, v.length() - 1));
        }
        if (v.endsWith("D")) {
            return Double.valueOf(v.substring(0, v.length() - 1));
        }
        return Integer.valueOf(v);
    }

    /** A fresh instance of the exception to throw in. */
    Throwable exception() {
        int colon = arg.indexOf(':');
        String type = colon < 0 ? arg : arg.substring(0, colon);
        String message = colon < 0 ? null : arg.substring(colon + 1);
        switch (type) {
            case "FuzzException":
                return new FuzzException(message);
            case "FuzzRuntimeException":
                return new FuzzRuntimeException(message);
            case "FuzzError":
                return new FuzzError(message);
            case "ArithmeticException":
                return new ArithmeticException(message);
            case "GeneratorExit":
                return new GeneratorExit();
            case "StopIteration":
                return new StopIteration(message);
            default:
                throw new IllegalArgumentException("unknown exception " + arg);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case NEXT:
                return "next";
            case CLOSE:
                return "close";
            case HAS_NEXT:
                return "hasNext";
            case SEND:
                return "send:" + arg;
            default:
                return "throw:" + arg;
        }
    }

    static Op parseOne(String s) {
        switch (s) {
            case "next":
                return NEXT;
            case "close":
                return CLOSE;
            case "hasNext":
                return HAS_NEXT;
            default:
                if (s.startsWith("send:")) {
                    return send(s.substring(5));
                }
                if (s.startsWith("throw:")) {
                    return throwing(s.substring(6));
                }
                throw new IllegalArgumentException("bad op " + s);
        }
    }

    /** Ops separated by single spaces (send values contain no spaces). */
    static List<Op> parse(String schedule) {
        List<Op> ops = new ArrayList<>();
        for (String s : schedule.trim().split(" +")) {
            if (!s.isEmpty()) {
                ops.add(parseOne(s));
            }
        }
        return ops;
    }

    static String format(List<Op> ops) {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append(sb.length() == 0 ? "" : " ").append(op);
        }
        return sb.toString();
    }
}
