package dev.weft.fuzz;

import dev.weft.fuzz.Ast.AwaitCall;
import dev.weft.fuzz.Ast.Block;
import dev.weft.fuzz.Ast.Expr;
import dev.weft.fuzz.Ast.ExprS;
import dev.weft.fuzz.Ast.Lit;
import dev.weft.fuzz.Ast.Method;
import dev.weft.fuzz.Ast.Program;
import dev.weft.fuzz.Ast.Stmt;
import dev.weft.fuzz.Ast.T;
import dev.weft.fuzz.Ast.YieldFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging of a failing program: removes statements (halves, quarters, ... single ones),
 * replaces compound statements by their parts, expressions by literals or by their operands, and
 * cuts the schedule short, keeping every change after which the program still fails the same way.
 * Candidates that do not compile are simply rejected.
 */
final class Shrinker {
    private final Predicate<Program> fails;
    private final long deadline;
    private int tries;
    private static final int MAX_TRIES = 1500;

    private Shrinker(Predicate<Program> fails, long deadline) {
        this.fails = fails;
        this.deadline = deadline;
    }

    private boolean out() {
        return tries >= MAX_TRIES || System.currentTimeMillis() > deadline;
    }

    private boolean test(Program p) {
        tries++;
        return fails.test(p);
    }

    /** The minimized failure: the program and the cap on its schedule's length. */
    record Minimized(Program program, int maxOps, Referee.Result result, int tries) {
    }

    static Minimized minimize(Fuzzer.Failure f, long millis) {
        long scheduleSeed = Fuzzer.scheduleSeed(f.programSeed());
        Referee.Verdict kind = f.result().verdict();
        int[] maxOps = {Referee.MAX_OPS};
        Predicate<Program> fails = p -> Referee.runSingle(p, f.index(),
                new Referee.Schedule(scheduleSeed, maxOps[0]), true).verdict() == kind;
        Shrinker s = new Shrinker(fails, System.currentTimeMillis() + millis);
        Program p = f.program().copy();
        if (kind == Referee.Verdict.DIVERGE) {
            int lo = 0;
            int hi = f.result().schedule().size();
            while (lo < hi && !s.out()) {
                int mid = (lo + hi) / 2;
                maxOps[0] = mid;
                if (s.test(p)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            maxOps[0] = hi;
        }
        s.reduce(p);
        Referee.Result r = Referee.runSingle(p, f.index(),
                new Referee.Schedule(scheduleSeed, maxOps[0]), true);
        return new Minimized(p, maxOps[0], r, s.tries);
    }

    /** Shrinks {@code p} in place while {@code fails} holds, for at most {@code millis}. */
    static Program shrink(Program p, Predicate<Program> fails, long millis) {
        new Shrinker(fails, System.currentTimeMillis() + millis).reduce(p);
        return p;
    }

    private void reduce(Program p) {
        boolean progress = true;
        while (progress && !out()) {
            progress = statements(p) | alternatives(p) | expressions(p);
        }
        Program trimmed = p.copy();
        dropUnused(trimmed);
        if (test(trimmed)) {
            p.methods.clear();
            p.methods.addAll(trimmed.methods);
        }
    }

    private static List<Block> blocks(Program p) {
        List<Block> all = new ArrayList<>();
        for (Method m : p.methods) {
            collect(m.body, all);
        }
        return all;
    }

    private static void collect(Block b, List<Block> all) {
        all.add(b);
        for (Stmt s : b.stmts) {
            for (Block nested : s.blocks()) {
                collect(nested, all);
            }
        }
    }

    /** Removes runs of statements, long runs first. */
    private boolean statements(Program p) {
        boolean any = false;
        for (Block b : blocks(p)) {
            for (int chunk = Math.max(1, b.stmts.size() / 2); chunk >= 1 && !out(); chunk /= 2) {
                for (int at = 0; at + chunk <= b.stmts.size() && !out();) {
                    List<Stmt> removed = new ArrayList<>(b.stmts.subList(at, at + chunk));
                    b.stmts.subList(at, at + chunk).clear();
                    if (test(p)) {
                        any = true;
                    } else {
                        b.stmts.addAll(at, removed);
                        at += chunk;
                    }
                }
                if (chunk == 1) {
                    break;
                }
            }
        }
        return any;
    }

    /** Replaces statements by simpler ones (a loop by its body, a try without a catch, ...). */
    private boolean alternatives(Program p) {
        boolean any = false;
        for (Block b : blocks(p)) {
            for (int at = 0; at < b.stmts.size() && !out(); at++) {
                Stmt original = b.stmts.get(at);
                for (List<Stmt> alt : original.alternatives()) {
                    List<Stmt> copy = new ArrayList<>(alt);
                    b.stmts.remove(at);
                    b.stmts.addAll(at, copy);
                    if (test(p)) {
                        any = true;
                        break;
                    }
                    b.stmts.subList(at, at + copy.size()).clear();
                    b.stmts.add(at, original);
                }
            }
        }
        return any;
    }

    /** Replaces expressions by literals of their type, or by an operand of the same type. */
    private boolean expressions(Program p) {
        boolean any = false;
        for (Block b : blocks(p)) {
            for (Stmt s : new ArrayList<>(b.stmts)) {
                for (int k = 0; k < s.kids.length && !out(); k++) {
                    if (s instanceof ExprS) {
                        any |= inside(p, s.kids[k]);
                    } else {
                        any |= slot(p, s.kids, k);
                    }
                }
            }
        }
        return any;
    }

    private boolean slot(Program p, Expr[] kids, int k) {
        Expr original = kids[k];
        if (original == null) {
            return false;
        }
        List<Expr> simpler = new ArrayList<>();
        Lit lit = canonical(original.type);
        if (lit != null && !(original instanceof Lit)) {
            simpler.add(lit);
        }
        for (Expr kid : original.kids) {
            if (kid != null && kid.type == original.type) {
                simpler.add(kid);
            }
        }
        for (Expr e : simpler) {
            kids[k] = e;
            if (test(p)) {
                inside(p, e);
                return true;
            }
            kids[k] = original;
        }
        return inside(p, original);
    }

    private boolean inside(Program p, Expr e) {
        boolean any = false;
        for (int k = 0; k < e.kids.length && !out(); k++) {
            any |= slot(p, e.kids, k);
        }
        return any;
    }

    static Lit canonical(T t) {
        switch (t) {
            case BOOLEAN:
                return new Lit(t, "false");
            case BYTE:
                return new Lit(t, "(byte) 0");
            case CHAR:
                return new Lit(t, "'a'");
            case SHORT:
                return new Lit(t, "(short) 0");
            case INT:
                return new Lit(t, "0");
            case LONG:
                return new Lit(t, "0L");
            case FLOAT:
                return new Lit(t, "0.0f");
            case DOUBLE:
                return new Lit(t, "0.0");
            case STRING:
                return new Lit(t, "\"a\"");
            case INT_ARR:
                return new Lit(t, "new int[] {0}");
            case STRING_ARR:
                return new Lit(t, "new String[] {\"a\"}");
            case BOX:
                return new Lit(t, "new Box(null, 0)");
            case OBJECT:
                return new Lit(t, "null");
            default:
                return null;
        }
    }

    /** Drops the generators at the end that nothing delegates to any more. */
    private static void dropUnused(Program p) {
        while (p.methods.size() > 1 && !referenced(p, p.methods.size() - 1)) {
            p.methods.remove(p.methods.size() - 1);
        }
        for (int g = 1; g < p.methods.size(); g++) {
            if (!referenced(p, g)) {
                p.methods.get(g).body = new Block();
            }
        }
    }

    private static boolean referenced(Program p, int gen) {
        for (Block b : blocks(p)) {
            for (Stmt s : b.stmts) {
                for (Expr e : s.kids) {
                    if (e != null && mentions(e, gen)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean mentions(Expr e, int gen) {
        if (e instanceof YieldFrom y && y.gen == gen || e instanceof AwaitCall a && a.gen == gen) {
            return true;
        }
        for (Expr k : e.kids) {
            if (k != null && mentions(k, gen)) {
                return true;
            }
        }
        return false;
    }

    /** The minimized failure as text: seed, schedule, source, transcripts, a regression test. */
    static String report(long seed, Fuzzer.Failure f) {
        StringBuilder sb = new StringBuilder();
        if (Boolean.getBoolean("weft.fuzz.original")) {
            sb.append("--- original woven source\n").append(Referee.sources(List.of(f.program()),
                    List.of(0), 0).woven()).append('\n');
        }
        Minimized m = minimize(f, 120_000);
        sb.append("=== ").append(f.result().verdict()).append(": program ").append(f.index())
                .append(" of seed ").append(seed).append(" (program seed ")
                .append(f.programSeed()).append(")\n");
        sb.append("original: ").append(f.result().detail()).append('\n');
        sb.append("minimized in ").append(m.tries()).append(" tries: ")
                .append(m.result().verdict()).append(' ').append(m.result().detail()).append('\n');
        sb.append("schedule: ").append(Plan.format(m.result().schedule())).append('\n');
        Referee.Sources src = Referee.sources(List.of(m.program()), List.of(0), 0);
        sb.append("--- woven source\n").append(src.woven()).append('\n');
        sb.append("--- reference transcript\n");
        m.result().reference().forEach(l -> sb.append("  ").append(l).append('\n'));
        sb.append("--- woven transcript\n");
        m.result().woven().forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.toString();
    }
}
