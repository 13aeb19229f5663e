package dev.weft.fuzz;

import dev.weft.fuzz.Ast.Await;
import dev.weft.fuzz.Ast.AwaitAll;
import dev.weft.fuzz.Ast.AwaitCall;
import dev.weft.fuzz.Ast.Block;
import dev.weft.fuzz.Ast.CallL;
import dev.weft.fuzz.Ast.LambdaDecl;
import dev.weft.fuzz.Ast.Case;
import dev.weft.fuzz.Ast.Catch;
import dev.weft.fuzz.Ast.Decl;
import dev.weft.fuzz.Ast.Expr;
import dev.weft.fuzz.Ast.ExprS;
import dev.weft.fuzz.Ast.For;
import dev.weft.fuzz.Ast.ForEach;
import dev.weft.fuzz.Ast.If;
import dev.weft.fuzz.Ast.Jump;
import dev.weft.fuzz.Ast.Lit;
import dev.weft.fuzz.Ast.Method;
import dev.weft.fuzz.Ast.Nested;
import dev.weft.fuzz.Ast.Param;
import dev.weft.fuzz.Ast.Program;
import dev.weft.fuzz.Ast.Ref;
import dev.weft.fuzz.Ast.Return;
import dev.weft.fuzz.Ast.SendKind;
import dev.weft.fuzz.Ast.Stmt;
import dev.weft.fuzz.Ast.Switch;
import dev.weft.fuzz.Ast.SwitchE;
import dev.weft.fuzz.Ast.TrySwitchE;
import dev.weft.fuzz.Ast.T;
import dev.weft.fuzz.Ast.Throw;
import dev.weft.fuzz.Ast.Tm;
import dev.weft.fuzz.Ast.Try;
import dev.weft.fuzz.Ast.While;
import dev.weft.fuzz.Ast.Yield;
import dev.weft.fuzz.Ast.YieldFrom;
import dev.weft.fuzz.Ast.YieldFromIt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates random, valid (compiling, terminating) generator programs: structured bodies over
 * locals of every type, with suspension points wherever an expression may stand.
 *
 * <p>Validity is kept by construction: every local is initialized where it is declared, names are
 * unique within a method, loops count to a small bound in their own condition (and tick the fuel),
 * no statement follows one that cannot complete normally (JLS 14.22, see {@link Ast.Reach}), catch
 * clauses are ordered subclass first, and a try whose catch names the checked
 * {@link FuzzException} calls something that may throw it.
 */
final class ProgramGenerator {
    /** The string values that programs compare against and that schedules send. */
    static final String[] STRINGS = {"a", "b", "c", "xy"};

    /** Catchable types and their superclass among them (null: the root). */
    private static final Map<String, String> PARENT = Map.ofEntries(
            Map.entry("Throwable", ""),
            Map.entry("Exception", "Throwable"),
            Map.entry("Error", "Throwable"),
            Map.entry("RuntimeException", "Exception"),
            Map.entry("FuzzException", "Exception"),
            Map.entry("FuzzRuntimeException", "RuntimeException"),
            Map.entry("ArithmeticException", "RuntimeException"),
            Map.entry("IllegalStateException", "RuntimeException"),
            Map.entry("NullPointerException", "RuntimeException"),
            Map.entry("ClassCastException", "RuntimeException"),
            Map.entry("ArrayIndexOutOfBoundsException", "RuntimeException"),
            Map.entry("StopIteration", "RuntimeException"),
            Map.entry("GeneratorExit", "Error"),
            Map.entry("FuzzError", "Error"),
            Map.entry("CancellationException", "IllegalStateException"));
    private static final String[] CATCHABLE = {"Throwable", "Exception", "Error",
        "RuntimeException", "FuzzException", "FuzzRuntimeException", "ArithmeticException",
        "IllegalStateException", "NullPointerException", "ClassCastException",
        "ArrayIndexOutOfBoundsException", "StopIteration", "GeneratorExit", "FuzzError",
        "FuzzException", "FuzzRuntimeException", "GeneratorExit", "Exception"};
    /** What async bodies catch: also the CancellationException of a cancellation. */
    private static final String[] CATCHABLE_ASYNC = {"Throwable", "Exception", "Error",
        "RuntimeException", "FuzzException", "FuzzRuntimeException", "ArithmeticException",
        "IllegalStateException", "NullPointerException", "ClassCastException",
        "CancellationException", "StopIteration", "GeneratorExit", "FuzzError",
        "FuzzException", "FuzzRuntimeException", "CancellationException", "Exception"};

    /** {@code fin}: effectively final (a lambda may capture it). */
    private record Var(T type, String name, boolean assignable, boolean fin) {
        Var(T type, String name, boolean assignable) {
            this(type, name, assignable, false);
        }
    }

    private record Target(String label, boolean loop) {
    }

    private final Random r;
    /** Async coroutines: suspension points are awaits, delegation is awaiting a coroutine. */
    private final boolean async;
    private List<List<Param>> signatures;
    private int gen;
    private int names;
    private int yieldsLeft;
    private int yieldFromsLeft;
    private int stmtsLeft;
    private int tryDepth;
    private boolean noDecl;
    /** The method being generated is an instance method. */
    private boolean instance;
    /** How many lambdas enclose the statement being generated. */
    private int lambdaDepth;
    private int lambdasLeft;
    /** The statements to put before the one being generated (a lambda's captured copies). */
    private final List<Stmt> pending = new ArrayList<>();
    /** The form of each lambda local, by name. */
    private final Map<String, LambdaDecl.Form> lambdaForms = new java.util.HashMap<>();
    private final List<Var> scope = new ArrayList<>();
    private final Deque<Target> targets = new ArrayDeque<>();

    ProgramGenerator(long seed) {
        this(seed, false);
    }

    ProgramGenerator(long seed, boolean async) {
        this.r = new Random(seed);
        this.async = async;
    }

    static Program generate(long seed) {
        return new ProgramGenerator(seed).program(seed);
    }

    /** An async program: the same statements, with awaits where generators have yields. */
    static Program generateAsync(long seed) {
        return new ProgramGenerator(seed, true).program(seed);
    }

    private Program program(long seed) {
        int gens = r.nextInt(10) < 5 ? 1 : 2 + r.nextInt(r.nextInt(4) == 0 ? 3 : 2);
        signatures = new ArrayList<>();
        boolean[] instance = new boolean[gens];
        for (int g = 0; g < gens; g++) {
            instance[g] = r.nextInt(10) < 3;
            List<Param> params = new ArrayList<>();
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                params.add(new Param(pick(T.VALUES), "a" + k));
            }
            signatures.add(params);
        }
        List<Method> methods = new ArrayList<>();
        for (gen = 0; gen < gens; gen++) {
            methods.add(method(signatures.get(gen), instance[gen], gen == 0 ? 4 + r.nextInt(9)
                    : 2 + r.nextInt(5)));
        }
        List<Expr> args = new ArrayList<>();
        scope.clear();
        yieldsLeft = 0;
        yieldFromsLeft = 0;
        for (Param p : signatures.get(0)) {
            args.add(e(p.type(), 1));
        }
        for (Method m : methods) {
            avoidJavacCrash(m.body);
        }
        Expr[] entry = args.toArray(new Expr[0]);
        boolean wide = false;
        for (Expr e : entry) {
            wide |= isWide(e.type);
        }
        avoidJavacCrash(entry, wide);
        args = new ArrayList<>(List.of(entry));
        return new Program(methods, args, seed, async);
    }

    /**
     * javac 17 crashes (a NullPointerException in {@code Code.newLocal}) compiling a switch
     * expression holding a try with a catch or a non-empty finally while a long or double waits
     * on the operand stack ({@code a0 + switch (k) { default -> { try { yield 1; } finally
     * { f(); } } }} with a long {@code a0}): a user's build fails in javac before weft sees it.
     * Such a switch becomes a plain {@code switch (k) { default -> value; }}; where a wide value
     * may be pending is guessed generously: under any node that is wide or has a wide operand.
     */
    private static void avoidJavacCrash(Block block) {
        for (Stmt s : block.stmts) {
            avoidJavacCrash(s.kids, false);
            for (Block b : s.blocks()) {
                avoidJavacCrash(b);
            }
        }
    }

    /** {@code wide}: whether the switches under {@code kids} must be plain ones. */
    private static void avoidJavacCrash(Expr[] kids, boolean wide) {
        for (int k = 0; k < kids.length; k++) {
            Expr e = kids[k];
            if (e == null) {
                continue;
            }
            if (e instanceof TrySwitchE && wide) {
                e = new SwitchE(e.type, e.kids[0], java.util.Collections.singletonList(null),
                        List.of(e.kids[1]));
                kids[k] = e;
            }
            boolean under = wide || isWide(e.type) || isConcat(e) && concatHasWide(e);
            for (Expr kid : e.kids) {
                under |= kid != null && isWide(kid.type);
            }
            avoidJavacCrash(e.kids, under);
        }
    }

    private static boolean isConcat(Expr e) {
        return e instanceof Tm t && t.type == T.STRING && t.template.contains(" + $");
    }

    /**
     * javac compiles nested string concatenations into one ({@code "" + ("" + j + x) + s} pushes
     * {@code j}, {@code x} and {@code s}): a wide operand of a nested one waits on the stack too
     * (seed 20261203, program 4402 crashed javac so).
     */
    private static boolean concatHasWide(Expr e) {
        for (Expr kid : e.kids) {
            if (kid != null && (isWide(kid.type) || isConcat(kid) && concatHasWide(kid))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWide(T t) {
        return t == T.LONG || t == T.DOUBLE;
    }

    private Method method(List<Param> params, boolean instance, int topStatements) {
        scope.clear();
        targets.clear();
        names = 0;
        tryDepth = 0;
        noDecl = false;
        this.instance = instance;
        lambdaDepth = 0;
        lambdasLeft = r.nextInt(3);
        yieldsLeft = 3 + r.nextInt(gen == 0 ? 12 : 7);
        yieldFromsLeft = gen + 1 < signatures.size() ? 1 + r.nextInt(2) : 0;
        stmtsLeft = 10 + r.nextInt(gen == 0 ? 22 : 12);
        for (Param p : params) {
            scope.add(new Var(p.type(), p.name(), true));
        }
        if (instance) {
            // The receiver's fields: this is live (and on the stack) across suspensions.
            scope.add(new Var(T.INT, "this.fi", true));
            scope.add(new Var(T.OBJECT, "this.fo", true));
        }
        Block body = block(topStatements, 0);
        return new Method(params, instance, body);
    }

    // ------------------------------------------------------------ statements

    private Block block(int n, int depth) {
        return block(n, depth, false);
    }

    /** A block; {@code group}: the statements of an old-style switch group (no declarations). */
    private Block block(int n, int depth, boolean group) {
        boolean saved = noDecl;
        noDecl = group;
        try {
            return statements(n, depth);
        } finally {
            noDecl = saved;
        }
    }

    private Block statements(int n, int depth) {
        int mark = scope.size();
        Block b = new Block();
        for (int k = 0; k < n; k++) {
            Stmt s = stmt(depth);
            b.stmts.addAll(pending);
            pending.clear();
            b.stmts.add(s);
            if (s instanceof LambdaDecl && yieldFromsLeft > 0 && r.nextInt(3) > 0) {
                // Mostly called at once, through a local or not.
                Expr call = delegate();
                if (r.nextBoolean() && !noDecl) {
                    String v = name("v");
                    b.stmts.add(new Decl(T.OBJECT, v, call));
                    scope.add(new Var(T.OBJECT, v, true));
                } else {
                    b.stmts.add(new ExprS(call));
                }
            }
            if (!s.ccn()) {
                break;
            }
        }
        truncate(mark);
        return b;
    }

    private void truncate(int mark) {
        while (scope.size() > mark) {
            scope.remove(scope.size() - 1);
        }
    }

    private Stmt stmt(int depth) {
        stmtsLeft--;
        boolean compound = depth < 4 && stmtsLeft > 0;
        for (;;) {
            int w = r.nextInt(118);
            if (w < 18) {
                if (!noDecl) {
                    return decl();
                }
            } else if (w < 32) {
                return assign();
            } else if (w < 44) {
                if (yieldsLeft > 0) {
                    return yieldStmt();
                }
            } else if (w < 49) {
                return callStmt();
            } else if (w < 58) {
                if (compound) {
                    return ifStmt(depth);
                }
            } else if (w < 63) {
                if (compound) {
                    return forStmt(depth);
                }
            } else if (w < 65) {
                if (compound) {
                    return forEach(depth);
                }
            } else if (w < 70) {
                if (compound) {
                    return whileStmt(depth);
                }
            } else if (w < 75) {
                if (compound) {
                    return switchStmt(depth);
                }
            } else if (w < 84) {
                if (compound && tryDepth < 3) {
                    return tryStmt(depth);
                }
            } else if (w < 85) {
                if (compound) {
                    return new Nested(block(1 + r.nextInt(3), depth + 1));
                }
            } else if (w < 90) {
                if (!targets.isEmpty()) {
                    return jump();
                }
            } else if (w < 92) {
                Expr value = e(pick(T.VALUES), 2);
                return new Return(value, async && r.nextInt(3) == 0);
            } else if (w < 95) {
                return throwStmt();
            } else if (w < 101) {
                if (yieldFromsLeft > 0) {
                    return new ExprS(delegate());
                }
            } else if (w < 103) {
                if (yieldsLeft > 0) {
                    yieldsLeft--;
                    int n = 2 + r.nextInt(3);
                    Expr[] elems = new Expr[n];
                    int savedYields = yieldsLeft;
                    int savedFroms = yieldFromsLeft;
                    if (async) {
                        // Co.all's futures are made one after the other with no suspension in
                        // between: one made before a suspension could be done or not by the
                        // time Co.all looks at it, as the driver's threads and timers happen to
                        // run.
                        yieldsLeft = 0;
                        yieldFromsLeft = 0;
                    }
                    for (int k = 0; k < n; k++) {
                        elems[k] = e(pick(T.VALUES), 1);
                    }
                    if (async) {
                        yieldsLeft = savedYields;
                        yieldFromsLeft = savedFroms;
                        // Co.all of driver futures: stands where yieldFrom(Iterable) does.
                        return r.nextBoolean() ? new ExprS(new AwaitAll(elems))
                                : new ExprS(new Tm(T.INT, "H.i($0)", new AwaitAll(elems)));
                    }
                    return new ExprS(new YieldFromIt(elems));
                }
            } else if (w < 107) {
                if (!noDecl && lambdasLeft > 0 && lambdaDepth < 2 && stmtsLeft > 0) {
                    return lambda(depth);
                }
            } else {
                return assign();
            }
        }
    }

    /**
     * A coroutine lambda in a local: first copies of a few values into effectively final locals
     * ({@link #pending}, put before it), then the lambda, whose body is generated like a
     * coroutine's own with a scope of what it may capture: those copies, the effectively final
     * locals around it (the captures and parameters of an enclosing lambda, other lambdas), the
     * fields of {@code this} in an instance coroutine, and its parameters. Its body always holds
     * a suspension point of its own, so that it is a coroutine (API.md §7).
     */
    private Stmt lambda(int depth) {
        lambdasLeft--;
        int copies = r.nextInt(3);
        for (int k = 0; k < copies; k++) {
            T t = pick(T.VALUES);
            Expr init = e(t, depth());
            String n = name("c");
            pending.add(new Decl(t, n, init));
            scope.add(new Var(t, n, false, true));
        }
        boolean withParams = r.nextInt(3) == 0;
        List<Param> params = withParams ? List.of(new Param(T.LONG, name("q")),
                new Param(T.STRING, name("q"))) : List.of();
        List<Var> savedScope = new ArrayList<>(scope);
        List<Target> savedTargets = new ArrayList<>(targets);
        int savedTry = tryDepth;
        boolean savedNoDecl = noDecl;
        int savedYields = yieldsLeft;
        int savedFroms = yieldFromsLeft;
        int savedStmts = stmtsLeft;
        int savedLambdas = lambdasLeft;
        List<Stmt> savedPending = new ArrayList<>(pending);
        pending.clear();
        scope.clear();
        List<String> captures = new ArrayList<>();
        for (Var v : savedScope) {
            if (v.fin()) {
                scope.add(new Var(v.type(), v.name(), false, true));
                if (v.type() != T.LAMBDA) {
                    captures.add(v.name());
                }
            }
        }
        if (instance) {
            scope.add(new Var(T.INT, "this.fi", true));
            scope.add(new Var(T.OBJECT, "this.fo", true));
        }
        for (Param prm : params) {
            scope.add(new Var(prm.type(), prm.name(), false, true));
        }
        targets.clear();
        tryDepth = 0;
        noDecl = false;
        yieldsLeft = 2 + r.nextInt(6);
        boolean lambdas = !vars(v -> v.type() == T.LAMBDA).isEmpty();
        yieldFromsLeft = gen + 1 < signatures.size() || lambdas ? r.nextInt(3) : 0;
        stmtsLeft = 5 + r.nextInt(10);
        lambdasLeft = r.nextInt(3) == 0 ? 1 : 0;
        lambdaDepth++;
        Block body;
        try {
            body = block(2 + r.nextInt(5), Math.max(depth, 2));
            if (!Printer.suspends(body)) {
                yieldsLeft = 1;
                body.stmts.add(0, yieldStmt());
            }
        } finally {
            lambdaDepth--;
            scope.clear();
            scope.addAll(savedScope);
            targets.clear();
            for (int k = savedTargets.size() - 1; k >= 0; k--) {
                targets.push(savedTargets.get(k));
            }
            tryDepth = savedTry;
            noDecl = savedNoDecl;
            yieldsLeft = savedYields;
            yieldFromsLeft = savedFroms;
            stmtsLeft = savedStmts;
            lambdasLeft = savedLambdas;
            pending.clear();
            pending.addAll(savedPending);
        }
        LambdaDecl.Form form = withParams ? LambdaDecl.Form.PARAMS
                : mayThrowCheckedAtAll(body) || r.nextInt(3) == 0 ? LambdaDecl.Form.PLAIN
                : LambdaDecl.Form.SUPPLIER;
        String n = name("l");
        scope.add(new Var(T.LAMBDA, n, false, true));
        lambdaForms.put(n, form);
        yieldFromsLeft += 1 + r.nextInt(2); // calls of it
        return new LambdaDecl(n, form, params, captures, instance, lambdaDepth, body);
    }

    /**
     * Whether a lambda body may throw a checked exception, judged conservatively (a Supplier
     * body must not): a call declared to throw one, a throw of a checked exception or of a caught
     * one, wherever it stands (a catch around it is not looked at).
     */
    private static boolean mayThrowCheckedAtAll(Block b) {
        for (Stmt s : b.stmts) {
            if (s instanceof LambdaDecl) {
                continue; // making a lambda throws nothing
            }
            for (Expr e : s.kids) {
                if (e != null && mightThrowChecked(e)) {
                    return true;
                }
            }
            if (s instanceof Throw && (s.kids[0] instanceof Ref
                    || Printer.show(s.kids[0]).startsWith("new FuzzException"))) {
                return true;
            }
            for (Block nested : s.blocks()) {
                if (mayThrowCheckedAtAll(nested)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String name(String prefix) {
        return prefix + (++names);
    }

    private Stmt decl() {
        T t = pick(T.VALUES);
        Expr init = e(t, depth());
        String n = name("v");
        scope.add(new Var(t, n, true));
        return new Decl(t, n, init);
    }

    private int depth() {
        return r.nextInt(8) == 0 ? 3 : 1 + r.nextInt(2);
    }

    private Stmt assign() {
        List<Var> vars = vars(v -> v.assignable() && v.type() != T.THROWABLE);
        if (vars.isEmpty()) {
            return callStmt();
        }
        Var v = vars.get(r.nextInt(vars.size()));
        String n = v.name();
        switch (v.type()) {
            case INT_ARR:
                if (r.nextBoolean()) {
                    String op = pick("=", "+=", "-=", "*=", "^=", "<<=");
                    return new ExprS(new Tm(T.INT, n + "[H.idx($0, " + n + ".length)] " + op
                            + " $1", e(T.INT, 2), e(T.INT, depth())));
                }
                break;
            case STRING_ARR:
                if (r.nextBoolean()) {
                    return new ExprS(new Tm(T.STRING, n + "[H.idx($0, " + n + ".length)] "
                            + pick("=", "+=") + " $1", e(T.INT, 2), e(T.STRING, depth())));
                }
                break;
            case BOX:
                if (r.nextInt(3) > 0) {
                    if (r.nextBoolean()) {
                        return new ExprS(new Tm(T.INT, n + ".v " + pick("=", "+=", "-=", "*=")
                                + " $0", e(T.INT, depth())));
                    }
                    return new ExprS(new Tm(T.OBJECT, n + ".o = $0", e(T.OBJECT, depth())));
                }
                break;
            default:
                break;
        }
        if (v.type().numeric() && r.nextInt(4) == 0) {
            return new ExprS(new Tm(v.type(), pick(n + "++", "++" + n, n + "--", "--" + n)));
        }
        String op = "=";
        T rhs = v.type();
        if (r.nextInt(3) > 0) {
            if (v.type().intLike() || v.type() == T.LONG) {
                op = pick("+=", "-=", "*=", "&=", "|=", "^=", "<<=", ">>=", "+=", "-=");
                rhs = r.nextInt(3) == 0 ? T.LONG : T.INT;
            } else if (v.type() == T.FLOAT || v.type() == T.DOUBLE) {
                op = pick("+=", "-=", "*=");
                rhs = pick(T.INT, T.DOUBLE, T.FLOAT);
            } else if (v.type() == T.BOOLEAN) {
                op = pick("&=", "|=", "^=");
            } else if (v.type() == T.STRING) {
                return new ExprS(new Tm(v.type(), n + " += $0", concatKid(depth())));
            }
        }
        return new ExprS(new Tm(v.type(), n + " " + op + " $0", e(rhs, depth())));
    }

    private Stmt yieldStmt() {
        int w = r.nextInt(10);
        if (w < 2) {
            yieldsLeft--;
            return new ExprS(point(T.OBJECT, null, SendKind.ANY, null));
        }
        if (w < 4) {
            return new ExprS(yieldOf(pick(T.INT, T.STRING, T.LONG, T.BOOLEAN, T.DOUBLE), 2));
        }
        yieldsLeft--;
        return new ExprS(point(T.OBJECT, null, SendKind.ANY, e(pick(T.VALUES), depth())));
    }

    private Stmt callStmt() {
        List<Var> boxes = vars(v -> v.type() == T.BOX);
        int w = r.nextInt(5);
        if (w == 0 && !boxes.isEmpty()) {
            return new ExprS(new Tm(T.INT, boxes.get(r.nextInt(boxes.size())).name()
                    + ".add($0)", e(T.INT, depth())));
        }
        if (w == 1) {
            return new ExprS(newBox());
        }
        if (w == 2) {
            return new ExprS(new Tm(T.INT, "H.boom($0)", e(T.INT, depth())));
        }
        return new ExprS(new Tm(T.INT, "H.check($0)", e(T.INT, depth())));
    }

    private Stmt ifStmt(int depth) {
        Expr c = e(T.BOOLEAN, depth());
        Block then = block(1 + r.nextInt(4), depth + 1);
        Block otherwise = r.nextBoolean() ? block(1 + r.nextInt(3), depth + 1) : null;
        return new If(c, then, otherwise);
    }

    private String label() {
        return r.nextInt(10) < 4 ? name("L") : null;
    }

    private Block loopBody(String label, int depth) {
        targets.push(new Target(label, true));
        try {
            return block(1 + r.nextInt(4), depth + 1);
        } finally {
            targets.pop();
        }
    }

    private Stmt forStmt(int depth) {
        String label = label();
        String var = name("i");
        int bound = 1 + r.nextInt(4);
        int mark = scope.size();
        scope.add(new Var(T.INT, var, false));
        Expr extra = yieldsLeft > 0 && r.nextInt(6) == 0
                ? point(T.OBJECT, null, SendKind.ANY, new Ref(T.INT, var)) : null;
        if (extra != null) {
            yieldsLeft--;
        }
        Block body = loopBody(label, depth);
        truncate(mark);
        return new For(label, var, bound, extra, body);
    }

    private Stmt forEach(int depth) {
        String label = label();
        String var = name("x");
        T elem;
        Expr iterable;
        int w = r.nextInt(3);
        if (w == 0) {
            elem = T.INT;
            iterable = e(T.INT_ARR, 2);
        } else if (w == 1) {
            elem = T.STRING;
            iterable = e(T.STRING_ARR, 2);
        } else {
            elem = T.OBJECT;
            iterable = new Tm(T.OBJECT, "H.list($0, $1)", e(pick(T.VALUES), 1),
                    e(pick(T.VALUES), 1));
        }
        int mark = scope.size();
        scope.add(new Var(elem, var, false));
        Block body = loopBody(label, depth);
        truncate(mark);
        return new ForEach(label, elem, var, iterable, body);
    }

    private Stmt whileStmt(int depth) {
        String label = label();
        String counter = name("w");
        int bound = 1 + r.nextInt(4);
        Expr cond = r.nextBoolean() ? e(T.BOOLEAN, 2) : null;
        Block body = loopBody(label, depth);
        boolean doWhile = r.nextInt(3) == 0;
        if (doWhile && cond != null && hasSwitch(cond)) {
            // javac (17) counts the end of a do statement alive after a switch expression in its
            // condition even when the body cannot complete normally (JLS 14.22 says it is not).
            cond = null;
        }
        return new While(label, counter, bound, doWhile, cond, body);
    }

    private static boolean hasSwitch(Expr e) {
        if (e instanceof SwitchE || e instanceof TrySwitchE) {
            return true;
        }
        for (Expr k : e.kids) {
            if (k != null && hasSwitch(k)) {
                return true;
            }
        }
        return false;
    }

    private Stmt switchStmt(int depth) {
        boolean strings = r.nextInt(3) == 0;
        boolean arrow = r.nextBoolean();
        Expr selector = e(strings ? T.STRING : T.INT, 2);
        List<String> pool = new ArrayList<>();
        if (strings) {
            for (String s : STRINGS) {
                pool.add('"' + s + '"');
            }
        } else {
            for (int k = -1; k < 6; k++) {
                pool.add(Integer.toString(k));
            }
        }
        java.util.Collections.shuffle(pool, r);
        int n = 1 + r.nextInt(3);
        boolean hasDefault = r.nextInt(10) < 6;
        int defaultAt = hasDefault ? r.nextInt(n + 1) : -1;
        List<Case> cases = new ArrayList<>();
        targets.push(new Target(null, false));
        try {
            int used = 0;
            for (int k = 0; k <= n; k++) {
                List<String> labels = new ArrayList<>();
                if (k < n) {
                    int m = 1 + r.nextInt(2);
                    for (int j = 0; j < m && used < pool.size(); j++) {
                        labels.add(pool.get(used++));
                    }
                }
                if (k == defaultAt) {
                    if (arrow && !labels.isEmpty()) {
                        cases.add(new Case(java.util.Collections.singletonList(null), block(1, depth + 1)));
                    } else {
                        labels.add(null);
                    }
                }
                if (labels.isEmpty()) {
                    continue;
                }
                Block body;
                if (arrow) {
                    if (r.nextInt(3) == 0) {
                        body = new Block(new ArrayList<>(List.of(r.nextBoolean() && yieldsLeft > 0
                                ? yieldStmt() : callStmt())));
                    } else {
                        body = block(1 + r.nextInt(3), depth + 1);
                    }
                } else {
                    body = block(r.nextInt(3), depth + 1, true);
                    if (body.ccn() && r.nextInt(10) < 6) {
                        body.stmts.add(new Jump(true, null));
                    }
                }
                cases.add(new Case(labels, body));
            }
        } finally {
            targets.pop();
        }
        return new Switch(selector, arrow, cases);
    }

    private Stmt tryStmt(int depth) {
        tryDepth++;
        try {
            Block body = block(1 + r.nextInt(4), depth + 1);
            List<Catch> catches = catches(depth);
            Block fin = null;
            if (catches.isEmpty() || r.nextInt(10) < 4) {
                fin = block(1 + r.nextInt(2), depth + 1);
            }
            if (needsCheckedThrower(catches) && !mayThrowChecked(body)) {
                body.stmts.add(0, new ExprS(new Tm(T.INT, "H.check($0)", e(T.INT, 2))));
            }
            return new Try(body, catches, fin);
        } finally {
            tryDepth--;
        }
    }

    private List<Catch> catches(int depth) {
        int n = r.nextInt(10) < 2 ? 0 : 1 + r.nextInt(3);
        List<List<String>> clauses = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<String> types = new ArrayList<>();
            String[] catchable = async ? CATCHABLE_ASYNC : CATCHABLE;
            types.add(pick(catchable));
            if (r.nextInt(5) == 0) {
                String other = pick(catchable);
                if (!related(other, types.get(0))) {
                    types.add(other);
                }
            }
            clauses.add(types);
        }
        clauses.sort((a, b) -> Integer.compare(maxDepth(b), maxDepth(a)));
        List<Catch> catches = new ArrayList<>();
        List<String> caught = new ArrayList<>();
        for (List<String> types : clauses) {
            boolean subsumed = false;
            for (String t : types) {
                for (String c : caught) {
                    subsumed |= isSubclass(t, c);
                }
            }
            if (subsumed) {
                continue;
            }
            caught.addAll(types);
            String var = name("e");
            int mark = scope.size();
            scope.add(new Var(T.THROWABLE, var, false));
            Block body = block(1 + r.nextInt(3), depth + 1);
            truncate(mark);
            catches.add(new Catch(types, var, body));
        }
        return catches;
    }

    private static int maxDepth(List<String> types) {
        int d = 0;
        for (String t : types) {
            int k = 0;
            for (String c = t; !c.isEmpty(); c = PARENT.get(c)) {
                k++;
            }
            d = Math.max(d, k);
        }
        return d;
    }

    private static boolean isSubclass(String sub, String sup) {
        for (String c = sub; !c.isEmpty(); c = PARENT.get(c)) {
            if (c.equals(sup)) {
                return true;
            }
        }
        return false;
    }

    private static boolean related(String a, String b) {
        return isSubclass(a, b) || isSubclass(b, a);
    }

    private static boolean needsCheckedThrower(List<Catch> catches) {
        for (Catch c : catches) {
            if (c.types.contains("FuzzException")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the block calls something declared to throw a checked exception. */
    static boolean mayThrowChecked(Block b) {
        for (Stmt s : b.stmts) {
            for (Expr e : s.kids) {
                if (e != null && mayThrowChecked(e)) {
                    return true;
                }
            }
            if (s instanceof Throw && Printer.show(s.kids[0]).startsWith("new FuzzException")) {
                return true;
            }
            if (s instanceof Try || s instanceof LambdaDecl) {
                continue; // its own catch clauses may catch what it throws; a lambda's body
                          // is not run here
            }
            for (Block nested : s.blocks()) {
                if (mayThrowChecked(nested)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code e} surely calls something declared to throw a checked exception, so that a
     * {@code catch (FuzzException ...)} around it is legal. Of a try-switch only the parts sure to
     * stay count: {@link #avoidJavacCrash} may later make it a plain switch of its selector and
     * try value, and what its catch clause catches does not escape it.
     */
    private static boolean mayThrowChecked(Expr e) {
        if (throwsChecked(e)) {
            return true;
        }
        Expr[] kids = e instanceof TrySwitchE
                ? e.kids[2] == null ? new Expr[] {e.kids[0], e.kids[1]} : new Expr[] {e.kids[0]}
                : e.kids;
        for (Expr k : kids) {
            if (k != null && mayThrowChecked(k)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} may throw a checked exception, anywhere in it (an over-estimate). */
    private static boolean mightThrowChecked(Expr e) {
        if (throwsChecked(e)) {
            return true;
        }
        for (Expr k : e.kids) {
            if (k != null && mightThrowChecked(k)) {
                return true;
            }
        }
        return false;
    }

    private static boolean throwsChecked(Expr e) {
        return e instanceof YieldFrom || e instanceof AwaitCall
                || e instanceof CallL c && c.form != LambdaDecl.Form.SUPPLIER
                || e instanceof Tm tm && tm.template.contains("H.check(");
    }

    private Stmt jump() {
        List<Target> all = new ArrayList<>(targets);
        boolean isBreak = r.nextBoolean();
        List<Target> loops = new ArrayList<>();
        for (Target t : all) {
            if (t.loop()) {
                loops.add(t);
            }
        }
        if (!isBreak && loops.isEmpty()) {
            isBreak = true;
        }
        List<Target> candidates = isBreak ? all : loops;
        Target t = candidates.get(r.nextInt(candidates.size()));
        boolean innermost = isBreak ? t == all.get(0) : t == loops.get(0);
        String label = t.label() != null && (!innermost || r.nextBoolean()) ? t.label() : null;
        if (label == null && !innermost) {
            // Unlabeled, it would target the innermost one.
            t = isBreak ? all.get(0) : loops.get(0);
            label = null;
        }
        return new Jump(isBreak, label);
    }

    private Stmt throwStmt() {
        List<Var> caught = vars(v -> v.type() == T.THROWABLE);
        if (!caught.isEmpty() && r.nextInt(3) == 0) {
            return new Throw(new Ref(T.THROWABLE, caught.get(r.nextInt(caught.size())).name()));
        }
        Expr message = new Tm(T.STRING, "\"m\" + $0", concatKid(2));
        int w = r.nextInt(20);
        String cls = w < 6 ? "FuzzException" : w < 12 ? "FuzzRuntimeException"
                : w < 15 ? "FuzzError" : w < 18 ? "ArithmeticException" : w < 19
                ? "StopIteration" : "GeneratorExit";
        if (cls.equals("GeneratorExit")) {
            return new Throw(new Tm(T.THROWABLE, "new GeneratorExit()"));
        }
        return new Throw(new Tm(T.THROWABLE, "new " + cls + "($0)", message));
    }

    /**
     * A suspension point in a context of type {@code type}: a yield, or in an async program an
     * await of a driver-made future (now and then a CompletionStage).
     */
    private Expr point(T type, String witness, SendKind kind, Expr arg) {
        if (!async) {
            return new Yield(type, witness, kind, arg);
        }
        boolean stage = r.nextInt(5) == 0;
        return new Await(type, witness, kind, stage, arg != null ? arg : literal(T.OBJECT, r));
    }

    /** Delegation to a later coroutine of the program: yieldFrom, or awaiting its future. */
    private Expr delegate() {
        List<Var> lambdas = vars(v -> v.type() == T.LAMBDA);
        boolean methods = gen + 1 < signatures.size();
        if (!lambdas.isEmpty() && (!methods || r.nextBoolean())) {
            yieldFromsLeft--;
            yieldsLeft--;
            String n = lambdas.get(r.nextInt(lambdas.size())).name();
            LambdaDecl.Form form = lambdaForms.get(n);
            if (form == LambdaDecl.Form.PARAMS) {
                return new CallL(n, form, false, e(T.LONG, 2), e(T.STRING, 2));
            }
            return new CallL(n, form, !async && form == LambdaDecl.Form.SUPPLIER
                    && r.nextBoolean());
        }
        if (!methods) {
            // Only a lambda out of scope by now was to be called: a plain suspension instead.
            yieldFromsLeft--;
            yieldsLeft--;
            return point(T.OBJECT, null, SendKind.ANY, literal(T.OBJECT, r));
        }
        YieldFrom y = yieldFrom();
        return async ? new AwaitCall(y.gen, y.kids) : y;
    }

    private YieldFrom yieldFrom() {
        yieldFromsLeft--;
        yieldsLeft--;
        int target = gen + 1 + r.nextInt(signatures.size() - gen - 1);
        List<Param> params = signatures.get(target);
        Expr[] args = new Expr[params.size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = e(params.get(k).type(), 2);
        }
        return new YieldFrom(target, args);
    }

    // ------------------------------------------------------------ expressions

    private List<Var> vars(java.util.function.Predicate<Var> p) {
        List<Var> out = new ArrayList<>();
        for (Var v : scope) {
            if (p.test(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private Expr leaf(T t) {
        List<Var> vs = vars(v -> v.type() == t);
        if (!vs.isEmpty() && r.nextInt(10) < 6) {
            return new Ref(t, vs.get(r.nextInt(vs.size())).name());
        }
        return literal(t, r);
    }

    static Lit literal(T t, Random r) {
        int n = r.nextInt(10) == 0 ? r.nextInt(2000) - 1000 : r.nextInt(12) - 2;
        switch (t) {
            case BOOLEAN:
                return new Lit(t, r.nextBoolean() ? "true" : "false");
            case BYTE:
                return new Lit(t, "(byte) " + (n % 128));
            case CHAR:
                return new Lit(t, "'" + (char) ('a' + r.nextInt(26)) + "'");
            case SHORT:
                return new Lit(t, "(short) " + n);
            case INT:
                return new Lit(t, Integer.toString(n));
            case LONG:
                return new Lit(t, (r.nextInt(8) == 0 ? 1L << 40 | n : n) + "L");
            case FLOAT:
                return new Lit(t, (n / 4.0f) + "f");
            case DOUBLE:
                return new Lit(t, Double.toString(n / 8.0));
            case STRING:
                return new Lit(t, '"' + STRINGS[r.nextInt(STRINGS.length)] + '"');
            case INT_ARR:
                return new Lit(t, "new int[] {" + n + ", " + (n + 1) + "}");
            case STRING_ARR:
                return new Lit(t, "new String[] {\"a\", \"" + n + "\"}");
            case BOX:
                return new Lit(t, "new Box(\"k\", " + n + ")");
            default:
                return new Lit(T.OBJECT, r.nextInt(4) == 0 ? "null" : "\"o\"");
        }
    }

    /** An expression of type {@code t}, at most {@code d} levels deep. */
    Expr e(T t, int d) {
        if (yieldsLeft > 0 && r.nextInt(100) < 14) {
            return yieldOf(t, d);
        }
        if (d <= 0 || r.nextInt(10) < 3) {
            return leaf(t);
        }
        int d1 = d - 1;
        switch (t) {
            case INT:
                return intExpr(d1);
            case LONG:
                switch (r.nextInt(6)) {
                    case 0:
                        return new Tm(t, "H.j3($0, $1, $2)", e(T.LONG, d1), e(T.INT, d1),
                                e(T.LONG, d1));
                    case 1:
                        return cast(t, pick(T.INT, T.DOUBLE, T.FLOAT), d1);
                    case 2:
                        return cond(t, d1);
                    case 3:
                        return new Tm(t, "H.j($0)", e(T.OBJECT, d1));
                    default:
                        return new Tm(t, "($0 " + pick("+", "-", "*", "^", "|", "&", "<<", ">>")
                                + " $1)", e(T.LONG, d1), e(pick(T.INT, T.LONG), d1));
                }
            case FLOAT:
                switch (r.nextInt(4)) {
                    case 0:
                        return cast(t, pick(T.INT, T.DOUBLE), d1);
                    case 1:
                        return cond(t, d1);
                    default:
                        return new Tm(t, "($0 " + pick("+", "-", "*", "/") + " $1)",
                                e(T.FLOAT, d1), e(pick(T.INT, T.FLOAT), d1));
                }
            case DOUBLE:
                switch (r.nextInt(6)) {
                    case 0:
                        return new Tm(t, "H.d3($0, $1, $2)", e(T.DOUBLE, d1), e(T.FLOAT, d1),
                                e(T.LONG, d1));
                    case 1:
                        return new Tm(t, "H.d($0)", e(T.OBJECT, d1));
                    case 2:
                        return cond(t, d1);
                    default:
                        return new Tm(t, "($0 " + pick("+", "-", "*", "/", "%") + " $1)",
                                e(T.DOUBLE, d1), e(pick(T.INT, T.LONG, T.FLOAT, T.DOUBLE), d1));
                }
            case BYTE:
                return r.nextInt(4) == 0 ? cond(t, d1)
                        : new Tm(t, "((byte) (int) $0)", e(T.INT, d1));
            case SHORT:
                return r.nextInt(4) == 0 ? cond(t, d1)
                        : new Tm(t, "((short) (int) $0)", e(T.INT, d1));
            case CHAR:
                return r.nextInt(4) == 0 ? cond(t, d1)
                        : new Tm(t, "((char) ('a' + H.small($0)))", e(T.INT, d1));
            case BOOLEAN:
                return boolExpr(d1);
            case STRING:
                return stringExpr(d1);
            case INT_ARR:
                switch (r.nextInt(4)) {
                    case 0:
                        return new Tm(t, "new int[H.small($0)]", e(T.INT, d1));
                    case 1:
                        return new Tm(t, "H.ia($0, $1)", e(T.INT, d1), e(T.INT, d1));
                    default:
                        int n = 1 + r.nextInt(3);
                        StringBuilder tm = new StringBuilder("new int[] {");
                        Expr[] kids = new Expr[n];
                        for (int k = 0; k < n; k++) {
                            tm.append(k == 0 ? "$" : ", $").append(k);
                            kids[k] = e(T.INT, d1);
                        }
                        return new Tm(t, tm.append("}").toString(), kids);
                }
            case STRING_ARR:
                return r.nextBoolean() ? new Tm(t, "new String[] {$0, $1}", e(T.STRING, d1),
                        e(T.STRING, d1)) : new Tm(t, "new String[] {$0}", e(T.STRING, d1));
            case BOX:
                return r.nextInt(3) == 0 ? new Tm(t, "($0).with($1)", e(T.BOX, d1),
                        e(T.OBJECT, d1)) : newBox(d1);
            case OBJECT:
                return objectExpr(d1);
            default:
                throw new AssertionError(t);
        }
    }

    /**
     * An operand of string concatenation: never an array (its identity hash code would differ
     * between runs), so an Object goes through {@link H#s}.
     */
    private Expr concatKid(int d) {
        T t = pick(T.VALUES);
        if (t == T.INT_ARR || t == T.STRING_ARR || t == T.OBJECT) {
            return new Tm(T.STRING, "H.s($0)", e(t, d));
        }
        return e(t, d);
    }

    private Expr newBox() {
        return newBox(depth());
    }

    private Expr newBox(int d) {
        if (r.nextBoolean()) {
            // The try-switch first, as in issue 13's new P(switch ... { try ... }, 4).
            return new Tm(T.BOX, "new Box($0, $1)",
                    r.nextInt(6) == 0 ? trySwitch(T.OBJECT, d) : e(T.OBJECT, d),
                    r.nextInt(4) == 0 ? trySwitch(T.INT, d) : e(T.INT, d));
        }
        return new Tm(T.BOX, "new Box($0, $1, $2)", e(T.LONG, d), e(T.OBJECT, d),
                e(T.DOUBLE, d));
    }

    /** {@code ((to) (from) e)}: the inner cast unboxes a typed suspension point first. */
    private Expr cast(T to, T from, int d) {
        return new Tm(to, "((" + to.java + ") (" + from.java + ") $0)", e(from, d));
    }

    private Expr cond(T t, int d) {
        return new Tm(t, "($0 ? $1 : $2)", e(T.BOOLEAN, d), e(t, d), e(t, d));
    }

    private Expr intExpr(int d) {
        switch (r.nextInt(16)) {
            case 0:
                return new Tm(T.INT, "H.i2($0, $1)", e(T.INT, d),
                        r.nextInt(3) == 0 ? trySwitch(T.INT, d) : e(T.INT, d));
            case 1:
                if (d > 1) {
                    return new Tm(T.INT, "H.i2($0, $1)", e(T.INT, d), e(T.INT, d));
                }
                return new Tm(T.INT, "H.mix($0, $1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        e(T.BYTE, d), e(T.SHORT, d), e(T.CHAR, d), e(T.INT, d), e(T.LONG, d),
                        e(T.FLOAT, d), e(T.DOUBLE, d), e(T.BOOLEAN, d), e(T.STRING, d),
                        e(T.OBJECT, d));
            case 2:
                return new Tm(T.INT, r.nextBoolean() ? "H.check($0)" : "H.boom($0)",
                        e(T.INT, d));
            case 3:
                return cond(T.INT, d);
            case 4: {
                List<Var> arrays = vars(v -> v.type() == T.INT_ARR);
                if (!arrays.isEmpty()) {
                    String a = arrays.get(r.nextInt(arrays.size())).name();
                    return r.nextInt(5) == 0 ? new Tm(T.INT, a + "[$0]", e(T.INT, d))
                            : new Tm(T.INT, a + "[H.idx($0, " + a + ".length)]", e(T.INT, d));
                }
                return new Tm(T.INT, "($0).length", e(T.INT_ARR, d));
            }
            case 5:
                return new Tm(T.INT, "($0).length()", e(T.STRING, d));
            case 6: {
                List<Var> boxes = vars(v -> v.type() == T.BOX);
                if (!boxes.isEmpty()) {
                    String b = boxes.get(r.nextInt(boxes.size())).name();
                    return r.nextBoolean() ? new Tm(T.INT, b + ".v")
                            : new Tm(T.INT, b + ".add($0)", e(T.INT, d));
                }
                return new Tm(T.INT, "($0).add($1)", e(T.BOX, d), e(T.INT, d));
            }
            case 7: {
                List<Var> ints = vars(v -> v.assignable() && v.type() == T.INT);
                if (!ints.isEmpty()) {
                    String v = ints.get(r.nextInt(ints.size())).name();
                    return r.nextBoolean() ? new Tm(T.INT, pick("(" + v + "++)", "(++" + v + ")",
                            "(" + v + "--)")) : new Tm(T.INT, "(" + v + " " + pick("=", "+=", "-=")
                            + " $0)", e(T.INT, d));
                }
                return new Tm(T.INT, "(-($0))", e(T.INT, d));
            }
            case 8:
                return cast(T.INT, pick(T.LONG, T.DOUBLE, T.FLOAT, T.CHAR), d);
            case 9:
                return r.nextInt(3) == 0 ? trySwitch(T.INT, d) : switchExpr(T.INT, d);
            case 10:
                return new Tm(T.INT, "H.i($0)", e(T.OBJECT, d));
            case 11:
                return new Tm(T.INT, "($0 " + pick("/", "%") + " $1)", e(T.INT, d),
                        e(T.INT, d));
            default:
                return new Tm(T.INT, "($0 " + pick("+", "-", "*", "&", "|", "^", "<<", ">>", ">>>",
                        "+", "-") + " $1)", e(intLike(), d), e(intLike(), d));
        }
    }

    private T intLike() {
        return r.nextInt(4) == 0 ? pick(T.BYTE, T.SHORT, T.CHAR) : T.INT;
    }

    private Expr boolExpr(int d) {
        switch (r.nextInt(10)) {
            case 0:
                return new Tm(T.BOOLEAN, "($0 " + pick("<", ">", "<=", ">=") + " $1)",
                        e(T.INT, d), e(T.INT, d));
            case 1:
                return new Tm(T.BOOLEAN, "((long) $0 == $1)", e(T.LONG, d), e(T.LONG, d));
            case 2:
                return new Tm(T.BOOLEAN, "($0 " + pick("<", ">") + " $1)", e(T.DOUBLE, d),
                        e(pick(T.FLOAT, T.DOUBLE), d));
            case 3:
                return new Tm(T.BOOLEAN, "($0 " + pick("&&", "||", "^", "&", "|") + " $1)",
                        e(T.BOOLEAN, d), e(T.BOOLEAN, d));
            case 4:
                return new Tm(T.BOOLEAN, "(!$0)", e(T.BOOLEAN, d));
            case 5:
                return new Tm(T.BOOLEAN, "H.z2($0, $1)", e(T.BOOLEAN, d), e(T.INT, d));
            case 6:
                return new Tm(T.BOOLEAN, "java.util.Objects.equals($0, $1)",
                        e(pick(T.STRING, T.OBJECT), d), e(T.STRING, d));
            case 7:
                return new Tm(T.BOOLEAN, "(((Object) $0) instanceof String)", e(T.OBJECT, d));
            case 8:
                return new Tm(T.BOOLEAN, "H.z($0)", e(T.OBJECT, d));
            default:
                return cond(T.BOOLEAN, d);
        }
    }

    private Expr stringExpr(int d) {
        switch (r.nextInt(9)) {
            case 0:
            case 1: {
                int n = 2 + r.nextInt(3);
                StringBuilder tm = new StringBuilder("(\"\"");
                Expr[] kids = new Expr[n];
                for (int k = 0; k < n; k++) {
                    tm.append(" + $").append(k);
                    kids[k] = concatKid(d);
                }
                return new Tm(T.STRING, tm.append(")").toString(), kids);
            }
            case 2:
                return new Tm(T.STRING, "H.s4($0, $1, $2, $3)", e(T.STRING, d), e(T.CHAR, d),
                        e(T.BOOLEAN, d), e(T.OBJECT, d));
            case 3:
                return new Tm(T.STRING, "H.s($0)", e(pick(T.VALUES), d));
            case 4: {
                List<Var> arrays = vars(v -> v.type() == T.STRING_ARR);
                if (!arrays.isEmpty()) {
                    String a = arrays.get(r.nextInt(arrays.size())).name();
                    return new Tm(T.STRING, a + "[H.idx($0, " + a + ".length)]", e(T.INT, d));
                }
                return new Tm(T.STRING, "H.render($0)", e(pick(T.VALUES), d));
            }
            case 5: {
                List<Var> caught = vars(v -> v.type() == T.THROWABLE);
                if (!caught.isEmpty()) {
                    return new Tm(T.STRING, "H.describe(" + caught.get(r.nextInt(caught.size()))
                            .name() + ")");
                }
                return cond(T.STRING, d);
            }
            case 6:
                return r.nextInt(3) == 0 ? trySwitch(T.STRING, d) : switchExpr(T.STRING, d);
            case 7:
                return cond(T.STRING, d);
            default:
                return new Tm(T.STRING, "H.render($0)", e(pick(T.VALUES), d));
        }
    }

    private Expr objectExpr(int d) {
        switch (r.nextInt(6)) {
            case 0:
                return new Tm(T.OBJECT, "H.o2($0, $1)", e(T.OBJECT, d),
                        r.nextInt(4) == 0 ? trySwitch(T.OBJECT, d) : e(T.OBJECT, d));
            case 1:
                if (yieldFromsLeft > 0) {
                    return delegate();
                }
                return leaf(T.OBJECT);
            default:
                T t = pick(T.VALUES);
                if (t == T.OBJECT) {
                    return leaf(T.OBJECT);
                }
                Expr e = e(t, d);
                return t.primitive() ? new Tm(T.OBJECT, "((Object) ($0))", e) : e;
        }
    }

    private Expr switchExpr(T t, int d) {
        boolean strings = r.nextInt(3) == 0;
        Expr selector = e(strings ? T.STRING : T.INT, d);
        List<String> pool = new ArrayList<>();
        if (strings) {
            for (String s : STRINGS) {
                pool.add('"' + s + '"');
            }
        } else {
            for (int k = -1; k < 5; k++) {
                pool.add(Integer.toString(k));
            }
        }
        java.util.Collections.shuffle(pool, r);
        int n = 1 + r.nextInt(3);
        List<String> labels = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        int used = 0;
        for (int k = 0; k < n && used < pool.size(); k++) {
            Set<String> ls = new LinkedHashSet<>();
            int m = 1 + r.nextInt(2);
            for (int j = 0; j < m && used < pool.size(); j++) {
                ls.add(pool.get(used++));
            }
            labels.add(String.join(", ", ls));
            values.add(e(t, d));
        }
        labels.add(null);
        values.add(e(t, d));
        return new SwitchE(t, selector, labels, values);
    }

    /**
     * A switch expression holding a try (catch, finally or both), its try value suspending one
     * time in two: the shape where javac spills the operand stack into locals.
     */
    private Expr trySwitch(T t, int d) {
        Expr selector = e(T.INT, Math.max(0, d - 1));
        Expr tryValue = yieldsLeft > 0 && r.nextBoolean() ? yieldOf(t, d) : e(t, d);
        boolean hasCatch = r.nextInt(4) != 0;
        String type = pick(async ? CATCHABLE_ASYNC : CATCHABLE);
        if (type.equals("FuzzException")) {
            type = "Exception"; // a checked type must be thrown by the try, or javac rejects it
        }
        Expr catchValue = hasCatch ? e(t, d) : null;
        Expr effect = !hasCatch || r.nextInt(3) == 0 ? e(pick(T.VALUES), Math.max(0, d - 1))
                : null;
        return new TrySwitchE(t, type, name("e"), selector, tryValue, catchValue, effect);
    }

    /** A suspension point in a context of type {@code t}. */
    private Expr yieldOf(T t, int d) {
        Expr arg = r.nextInt(6) == 0 ? null : e(pick(T.VALUES), Math.max(0, d - 1));
        int w = r.nextInt(20);
        switch (t) {
            case INT:
                if (w < 3 && yieldFromsLeft > 0) {
                    return new Tm(t, "H.i($0)", delegate());
                }
                yieldsLeft--;
                return w < 13 ? point(t, "Integer", SendKind.INT, arg)
                        : new Tm(t, "H.i($0)", point(T.OBJECT, null, SendKind.ANY, arg));
            case LONG:
                yieldsLeft--;
                return w < 13 ? point(t, "Long", SendKind.LONG, arg)
                        : new Tm(t, "H.j($0)", point(T.OBJECT, null, SendKind.ANY, arg));
            case DOUBLE:
                yieldsLeft--;
                return w < 13 ? point(t, "Double", SendKind.DOUBLE, arg)
                        : new Tm(t, "H.d($0)", point(T.OBJECT, null, SendKind.ANY, arg));
            case BOOLEAN:
                yieldsLeft--;
                return w < 13 ? point(t, "Boolean", SendKind.BOOL, arg)
                        : new Tm(t, "H.z($0)", point(T.OBJECT, null, SendKind.ANY, arg));
            case STRING:
                if (w < 3 && yieldFromsLeft > 0) {
                    return new Tm(t, "H.s($0)", delegate());
                }
                yieldsLeft--;
                return w < 12 ? point(t, "String", SendKind.STRING, arg)
                        : new Tm(t, "H.s($0)", point(T.OBJECT, null, SendKind.ANY, arg));
            case FLOAT:
                return new Tm(t, "((float) (double) $0)", yieldOf(T.DOUBLE, d));
            case BYTE:
                return new Tm(t, "((byte) (int) $0)", yieldOf(T.INT, d));
            case SHORT:
                return new Tm(t, "((short) (int) $0)", yieldOf(T.INT, d));
            case CHAR:
                return new Tm(t, "((char) (int) $0)", yieldOf(T.INT, d));
            case INT_ARR:
                return new Tm(t, "H.ia($0, $1)", yieldOf(T.INT, d), e(T.INT, d - 1));
            case STRING_ARR:
                return new Tm(t, "new String[] {$0}", yieldOf(T.STRING, d));
            case BOX:
                if (r.nextInt(3) == 0) {
                    // Objects under construction nested, suspensions in several arguments.
                    return new Tm(t, "new Box($0, $1)", new Tm(T.OBJECT, "new Box($0, $1)",
                            yieldOf(T.OBJECT, d), trySwitch(T.INT, d)),
                            r.nextBoolean() ? trySwitch(T.INT, d) : yieldOf(T.INT, d));
                }
                return r.nextBoolean() ? new Tm(t, "new Box($0, $1)", yieldOf(T.OBJECT, d),
                        e(T.INT, d - 1)) : new Tm(t, "new Box($0, $1, $2)", e(T.LONG, d - 1),
                        new Tm(T.OBJECT, "new Box($0, $1)", yieldOf(T.OBJECT, d), e(T.INT, 0)),
                        e(T.DOUBLE, d - 1));
            default:
                if (w < 5 && yieldFromsLeft > 0) {
                    return delegate();
                }
                yieldsLeft--;
                return point(T.OBJECT, null, SendKind.ANY, arg);
        }
    }

    @SafeVarargs
    private <X> X pick(X... xs) {
        return xs[r.nextInt(xs.length)];
    }
}
