package dev.weft.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The syntax tree of fuzzed programs. One tree prints two ways ({@link Printer.Mode}): the woven
 * version with {@code Co} markers in {@code @Coroutine} methods, and the reference version with
 * {@link R} markers in plain methods. Nodes are mutable so that the shrinker can cut them down.
 */
final class Ast {
    private Ast() {
    }

    /** The value types of locals and expressions. */
    enum T {
        BOOLEAN("boolean"), BYTE("byte"), CHAR("char"), SHORT("short"), INT("int"), LONG("long"),
        FLOAT("float"), DOUBLE("double"), STRING("String"), INT_ARR("int[]"),
        STRING_ARR("String[]"), BOX("Box"), OBJECT("Object"), THROWABLE("Throwable"),
        VOID("void"),
        /** A local holding a coroutine lambda ({@link LambdaDecl}); never a random operand. */
        LAMBDA("?");

        final String java;

        T(String java) {
            this.java = java;
        }

        boolean primitive() {
            return ordinal() <= DOUBLE.ordinal();
        }

        boolean intLike() {
            return this == BYTE || this == CHAR || this == SHORT || this == INT;
        }

        boolean numeric() {
            return primitive() && this != BOOLEAN;
        }

        /** The types a local may be declared with. */
        static final T[] VALUES = {BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, FLOAT, DOUBLE, STRING,
            INT_ARR, STRING_ARR, BOX, OBJECT};
    }

    /** What a suspension point expects to be sent. */
    enum SendKind { ANY, INT, LONG, DOUBLE, BOOL, STRING }

    // ---------------------------------------------------------------- expressions

    abstract static class Expr {
        T type;
        Expr[] kids = new Expr[0];

        abstract void print(Printer p);

        abstract Expr copy();

        Expr[] copyKids() {
            Expr[] c = new Expr[kids.length];
            for (int k = 0; k < kids.length; k++) {
                c[k] = kids[k] == null ? null : kids[k].copy();
            }
            return c;
        }
    }

    static final class Lit extends Expr {
        final String text;

        Lit(T type, String text) {
            this.type = type;
            this.text = text;
        }

        @Override
        void print(Printer p) {
            p.out(text);
        }

        @Override
        Expr copy() {
            return new Lit(type, text);
        }
    }

    static final class Ref extends Expr {
        final String name;

        Ref(T type, String name) {
            this.type = type;
            this.name = name;
        }

        @Override
        void print(Printer p) {
            p.out(name);
        }

        @Override
        Expr copy() {
            return new Ref(type, name);
        }
    }

    /** An expression written as a template: {@code $0}..{@code $9} stand for the kids. */
    static final class Tm extends Expr {
        final String template;

        Tm(T type, String template, Expr... kids) {
            this.type = type;
            this.template = template;
            this.kids = kids;
        }

        @Override
        void print(Printer p) {
            String t = template;
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c == '$' && k + 1 < t.length() && Character.isDigit(t.charAt(k + 1))) {
                    kids[t.charAt(++k) - '0'].print(p);
                } else {
                    p.out(c);
                }
            }
        }

        @Override
        Expr copy() {
            return new Tm(type, template, copyKids());
        }
    }

    /** {@code Co.<W>yield(arg)} / {@code Co.yield()}. */
    static final class Yield extends Expr {
        final String witness;
        final SendKind kind;

        Yield(T type, String witness, SendKind kind, Expr arg) {
            this.type = type;
            this.witness = witness;
            this.kind = kind;
            this.kids = arg == null ? new Expr[0] : new Expr[] {arg};
        }

        @Override
        void print(Printer p) {
            String w = witness == null ? "" : "<" + witness + ">";
            if (p.mode == Printer.Mode.WOVEN) {
                p.out("Co." + w + "yield(");
            } else {
                p.out("R." + w + (kids.length == 0 ? "yield0(" : "yield(") + p.point(kind)
                        + (kids.length == 0 ? "" : ", "));
            }
            if (kids.length > 0) {
                kids[0].print(p);
            }
            p.out(")");
        }

        @Override
        Expr copy() {
            return new Yield(type, witness, kind, kids.length == 0 ? null : kids[0].copy());
        }
    }

    /** {@code Co.yieldFrom(pN_gK(args))}: delegation to another generator of the program. */
    static final class YieldFrom extends Expr {
        final int gen;

        YieldFrom(int gen, Expr... args) {
            this.type = T.OBJECT;
            this.gen = gen;
            this.kids = args;
        }

        @Override
        void print(Printer p) {
            if (p.mode == Printer.Mode.WOVEN) {
                p.out("Co.yieldFrom(");
            } else {
                p.out("R.yieldFrom(" + p.point(SendKind.ANY) + ", ");
            }
            p.out(p.callee(gen) + "(");
            for (int k = 0; k < kids.length; k++) {
                p.out(k == 0 ? "" : ", ");
                kids[k].print(p);
            }
            p.out("))");
        }

        @Override
        Expr copy() {
            return new YieldFrom(gen, copyKids());
        }
    }

    /** {@code Co.yieldFrom(H.list(...))}: delegation to an Iterable (a statement). */
    static final class YieldFromIt extends Expr {
        YieldFromIt(Expr... elements) {
            this.type = T.VOID;
            this.kids = elements;
        }

        @Override
        void print(Printer p) {
            if (p.mode == Printer.Mode.WOVEN) {
                p.out("Co.yieldFrom(H.list(");
            } else {
                p.out("R.yieldFromIt(" + p.point(SendKind.ANY) + ", H.list(");
            }
            for (int k = 0; k < kids.length; k++) {
                p.out(k == 0 ? "" : ", ");
                kids[k].print(p);
            }
            p.out("))");
        }

        @Override
        Expr copy() {
            return new YieldFromIt(copyKids());
        }
    }

    /**
     * {@code Co.<W>await(A.f(id, arg))} (or {@code A.cs} for a {@code CompletionStage}) in an
     * async coroutine: the awaited future is made by the driver, which decides (per await it
     * reaches) whether it is done or completed later, with a value or a failure. The reference
     * prints {@code A.<W>v(id, arg)}: the decided value, or the decided exception, at once.
     */
    static final class Await extends Expr {
        final String witness;
        final SendKind kind;
        /** Awaits a {@code CompletionStage} (a {@code CompletableFuture}) instead of a Future. */
        final boolean stage;

        Await(T type, String witness, SendKind kind, boolean stage, Expr arg) {
            this.type = type;
            this.witness = witness;
            this.kind = kind;
            this.stage = stage;
            this.kids = new Expr[] {arg};
        }

        @Override
        void print(Printer p) {
            String w = witness == null ? "" : "<" + witness + ">";
            int id = p.point(kind);
            if (p.mode == Printer.Mode.WOVEN) {
                p.out("Co." + w + "await(A." + (stage ? "cs(" : "f(") + id + ", ");
                kids[0].print(p);
                p.out("))");
            } else {
                p.out("A." + w + "v(" + id + ", ");
                kids[0].print(p);
                p.out(")");
            }
        }

        @Override
        Expr copy() {
            return new Await(type, witness, kind, stage, kids[0].copy());
        }
    }

    /**
     * {@code Co.await(pN_gK(args))}: an async coroutine awaiting another of the program (its body
     * starts in the call, like a delegation). The reference prints {@code A.co(pN_gK(args))} over
     * the plain method, which returns a done future or throws.
     */
    static final class AwaitCall extends Expr {
        final int gen;

        AwaitCall(int gen, Expr... args) {
            this.type = T.OBJECT;
            this.gen = gen;
            this.kids = args;
        }

        @Override
        void print(Printer p) {
            p.out(p.mode == Printer.Mode.WOVEN ? "Co.await(" : "A.co(");
            p.out(p.callee(gen) + "(");
            for (int k = 0; k < kids.length; k++) {
                p.out(k == 0 ? "" : ", ");
                kids[k].print(p);
            }
            p.out("))");
        }

        @Override
        Expr copy() {
            return new AwaitCall(gen, copyKids());
        }
    }

    /**
     * {@code Co.await(Co.all(List.of(A.f(id1, e1), ...)))}: awaits several driver-made futures at
     * once. The reference prints {@code A.all(A.o(id1, e1), ...)}: the outcomes are collected and
     * the first failure in list order is thrown, as {@code Co.all} does once all are done.
     */
    static final class AwaitAll extends Expr {
        AwaitAll(Expr... args) {
            this.type = T.OBJECT;
            this.kids = args;
        }

        @Override
        void print(Printer p) {
            boolean woven = p.mode == Printer.Mode.WOVEN;
            p.out(woven ? "Co.await(Co.all(java.util.List.of(" : "A.all(");
            for (int k = 0; k < kids.length; k++) {
                p.out((k == 0 ? "" : ", ") + (woven ? "A.f(" : "A.o(") + p.point(SendKind.ANY)
                        + ", ");
                kids[k].print(p);
                p.out(")");
            }
            p.out(woven ? ")))" : ")");
        }

        @Override
        Expr copy() {
            return new AwaitAll(copyKids());
        }
    }

    /**
     * A suspension on a coroutine lambda of the program ({@link LambdaDecl}): {@code
     * Co.yieldFrom(l.get())}, {@code Co.yieldFrom(Generator.of(l))} or {@code
     * Co.yieldFrom(l.apply(a, b))}, or in an async program {@code Co.await(l.get())} etc. The
     * reference calls the reference lambda the same way, which makes a {@link RefGen} (or runs
     * its body through {@link A#call}), and delegates to it as to a method's.
     */
    static final class CallL extends Expr {
        final String lambda;
        final LambdaDecl.Form form;
        /** {@code Generator.of(l)} rather than {@code l.get()} (a generator Supplier only). */
        final boolean of;

        CallL(String lambda, LambdaDecl.Form form, boolean of, Expr... args) {
            this.type = T.OBJECT;
            this.lambda = lambda;
            this.form = form;
            this.of = of;
            this.kids = args;
        }

        @Override
        void print(Printer p) {
            boolean woven = p.mode == Printer.Mode.WOVEN;
            if (p.async) {
                p.out(woven ? "Co.await(" : "A.co(");
            } else {
                p.out(woven ? "Co.yieldFrom(" : "R.yieldFrom(" + p.point(SendKind.ANY) + ", ");
            }
            if (of) {
                p.out("Generator.of(" + lambda + ")");
            } else if (form == LambdaDecl.Form.PARAMS) {
                p.out(lambda + ".apply(");
                kids[0].print(p);
                p.out(", ");
                kids[1].print(p);
                p.out(")");
            } else {
                p.out(lambda + ".get()");
            }
            p.out(")");
        }

        @Override
        Expr copy() {
            return new CallL(lambda, form, of, copyKids());
        }
    }

    /** A switch expression: kid 0 the selector, then one value per arm (the last: default). */
    static final class SwitchE extends Expr {
        final List<String> labels;

        SwitchE(T type, Expr selector, List<String> labels, List<Expr> values) {
            this.type = type;
            this.labels = labels;
            this.kids = new Expr[values.size() + 1];
            kids[0] = selector;
            for (int k = 0; k < values.size(); k++) {
                kids[k + 1] = values.get(k);
            }
        }

        @Override
        void print(Printer p) {
            p.out("(switch (");
            kids[0].print(p);
            p.out(") {");
            for (int k = 1; k < kids.length; k++) {
                String l = labels.get(k - 1);
                p.out(l == null ? " default -> " : " case " + l + " -> ");
                kids[k].print(p);
                p.out(";");
            }
            p.out(" })");
        }

        @Override
        Expr copy() {
            Expr[] c = copyKids();
            return new SwitchE(type, c[0], labels, Arrays.asList(c).subList(1, c.length));
        }
    }

    /**
     * A switch expression whose default arm holds a {@code try}: javac spills the operand stack
     * into locals before it, objects under construction included (issue 13). Kid 0 is the
     * selector, kid 1 the try's value, kid 2 the catch's value (null: no catch), kid 3 an effect
     * in the finally (null: no finally).
     */
    static final class TrySwitchE extends Expr {
        final String catchType;
        final String var;

        TrySwitchE(T type, String catchType, String var, Expr selector, Expr tryValue,
                Expr catchValue, Expr effect) {
            this.type = type;
            this.catchType = catchType;
            this.var = var;
            this.kids = new Expr[] {selector, tryValue, catchValue, effect};
        }

        @Override
        void print(Printer p) {
            p.out("(switch (");
            kids[0].print(p);
            p.out(") { default -> { try { ");
            yieldValue(p, kids[1]);
            p.out(" }");
            if (kids[2] != null) {
                p.out(" catch (" + catchType + " " + var + ") { ");
                yieldValue(p, kids[2]);
                p.out(" }");
            }
            if (kids[3] != null || kids[2] == null) {
                p.out(" finally { H.s(");
                if (kids[3] != null) {
                    kids[3].print(p);
                } else {
                    p.out("null");
                }
                p.out("); }");
            }
            p.out(" } })");
        }

        /** {@code yield (x)} would call a method named yield: such a value goes through H.same. */
        private static void yieldValue(Printer p, Expr value) {
            boolean paren = startsWithParen(value);
            p.out(paren ? "yield H.same(" : "yield ");
            value.print(p);
            p.out(paren ? ");" : ";");
        }

        private static boolean startsWithParen(Expr e) {
            if (e instanceof Lit l) {
                return l.text.startsWith("(");
            }
            if (e instanceof Tm t) {
                return t.template.startsWith("(")
                        || t.template.startsWith("$0") && startsWithParen(t.kids[0]);
            }
            return e instanceof SwitchE || e instanceof TrySwitchE;
        }

        @Override
        Expr copy() {
            Expr[] c = copyKids();
            return new TrySwitchE(type, catchType, var, c[0], c[1], c[2], c[3]);
        }
    }

    // ---------------------------------------------------------------- statements

    static final class Block {
        final List<Stmt> stmts;

        Block(List<Stmt> stmts) {
            this.stmts = stmts;
        }

        Block() {
            this(new ArrayList<>());
        }

        boolean ccn() {
            return stmts.isEmpty() || stmts.get(stmts.size() - 1).ccn();
        }

        void print(Printer p) {
            p.out("{");
            p.indent++;
            if (p.tickNext) {
                p.tickNext = false;
                p.nl();
                p.out("H.tick();");
            }
            for (Stmt s : stmts) {
                p.nl();
                s.print(p);
            }
            p.indent--;
            p.nl();
            p.out("}");
        }

        Block copy() {
            List<Stmt> c = new ArrayList<>();
            for (Stmt s : stmts) {
                c.add(s.copy());
            }
            return new Block(c);
        }
    }

    abstract static class Stmt {
        /** The expressions directly in this statement. */
        Expr[] kids = new Expr[0];

        abstract void print(Printer p);

        /** JLS 14.22: whether the statement can complete normally. */
        abstract boolean ccn();

        /** The blocks directly in this statement. */
        List<Block> blocks() {
            return List.of();
        }

        abstract Stmt copy();

        /** Simpler statements to put in its place (the shrinker tries each). */
        List<List<Stmt>> alternatives() {
            List<List<Stmt>> alts = new ArrayList<>();
            for (Block b : blocks()) {
                alts.add(b.stmts);
            }
            return alts;
        }

        /** A loop or switch statement: a target of unlabeled break. */
        boolean breakTarget() {
            return false;
        }

        boolean loop() {
            return false;
        }

        String label() {
            return null;
        }
    }

    static final class Decl extends Stmt {
        final T type;
        final String name;

        Decl(T type, String name, Expr init) {
            this.type = type;
            this.name = name;
            this.kids = new Expr[] {init};
        }

        @Override
        void print(Printer p) {
            p.out(type.java + " " + name + " = ");
            kids[0].print(p);
            p.out(";");
        }

        @Override
        boolean ccn() {
            return true;
        }

        @Override
        Stmt copy() {
            return new Decl(type, name, kids[0].copy());
        }
    }

    /**
     * A local coroutine lambda: {@code L.Gen l3 = () -> { ... };} with suspension points in its
     * body, which reads the effectively final locals in scope (copies made for it just before,
     * parameters of the enclosing lambda, other lambdas) and, in an instance coroutine, the
     * fields of {@code this}. The reference prints the plain body inside {@code new RefGen(() ->
     * ...)} (generators) or {@code A.call(() -> ...)} (async), so that calling the lambda makes a
     * generator whose body has not started, or runs the body at once, as the woven lambda does.
     */
    static final class LambdaDecl extends Stmt {
        /** The functional interface: {@code L.Gen}, {@code L.Gen2} or {@code Supplier}. */
        enum Form { PLAIN, PARAMS, SUPPLIER }

        final String name;
        final Form form;
        /** The parameters ({@link Form#PARAMS}: a long and a String). */
        final List<Param> params;
        /** The captured locals the body's final digest reads (not lambdas). */
        final List<String> captures;
        /** Whether it stands in an instance coroutine (so may read this.fi, this.fo). */
        final boolean instance;
        /** How many lambdas enclose it. */
        final int nesting;
        Block body;

        LambdaDecl(String name, Form form, List<Param> params, List<String> captures,
                boolean instance, int nesting, Block body) {
            this.name = name;
            this.form = form;
            this.params = params;
            this.captures = captures;
            this.instance = instance;
            this.nesting = nesting;
            this.body = body;
        }

        String iface(boolean async) {
            switch (form) {
                case PLAIN:
                    return async ? "L.Async" : "L.Gen";
                case PARAMS:
                    return async ? "L.Async2" : "L.Gen2";
                default:
                    return async ? "java.util.function.Supplier<Future<Object>>"
                            : "java.util.function.Supplier<Generator<Object, Object, Object>>";
            }
        }

        @Override
        void print(Printer p) {
            StringBuilder ps = new StringBuilder();
            for (Param prm : params) {
                ps.append(ps.length() == 0 ? "" : ", ").append(prm.type().java).append(' ')
                        .append(prm.name());
            }
            p.out(iface(p.async) + " " + name + " = (" + ps + ") -> ");
            if (p.mode == Printer.Mode.REF) {
                p.out(p.async ? (form == Form.SUPPLIER ? "A.callS(" : "A.call(")
                        : "new RefGen(");
                p.out("() -> ");
            }
            p.lambdaBody(this);
            p.out(p.mode == Printer.Mode.REF ? ");" : ";");
        }

        @Override
        boolean ccn() {
            return true;
        }

        @Override
        List<Block> blocks() {
            return List.of(body);
        }

        @Override
        List<List<Stmt>> alternatives() {
            return List.of(); // its body's statements would not compile outside it
        }

        @Override
        Stmt copy() {
            return new LambdaDecl(name, form, params, captures, instance, nesting, body.copy());
        }
    }

    /** An expression statement; its expression is never replaced by a literal. */
    static final class ExprS extends Stmt {
        ExprS(Expr e) {
            this.kids = new Expr[] {e};
        }

        @Override
        void print(Printer p) {
            kids[0].print(p);
            p.out(";");
        }

        @Override
        boolean ccn() {
            return true;
        }

        @Override
        Stmt copy() {
            return new ExprS(kids[0].copy());
        }
    }

    static final class If extends Stmt {
        Block then;
        Block otherwise;

        If(Expr cond, Block then, Block otherwise) {
            this.kids = new Expr[] {cond};
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        void print(Printer p) {
            p.out("if (");
            kids[0].print(p);
            p.out(") ");
            then.print(p);
            if (otherwise != null) {
                p.out(" else ");
                otherwise.print(p);
            }
        }

        @Override
        boolean ccn() {
            return otherwise == null || then.ccn() || otherwise.ccn();
        }

        @Override
        List<Block> blocks() {
            return otherwise == null ? List.of(then) : List.of(then, otherwise);
        }

        @Override
        List<List<Stmt>> alternatives() {
            List<List<Stmt>> alts = super.alternatives();
            if (otherwise != null) {
                alts.add(List.of(new If(kids[0], then, null)));
            }
            return alts;
        }

        @Override
        Stmt copy() {
            return new If(kids[0].copy(), then.copy(), otherwise == null ? null : otherwise.copy());
        }
    }

    /** {@code L: for (int i = 0; i < n && H.tick(); i++[, extra]) body}. */
    static final class For extends Stmt {
        final String label;
        final String var;
        final int bound;
        Block body;

        For(String label, String var, int bound, Expr extra, Block body) {
            this.label = label;
            this.var = var;
            this.bound = bound;
            this.kids = extra == null ? new Expr[0] : new Expr[] {extra};
            this.body = body;
        }

        @Override
        void print(Printer p) {
            p.out((label == null ? "" : label + ": ") + "for (int " + var + " = 0; " + var + " < "
                    + bound + " && H.tick(); " + var + "++");
            if (kids.length > 0) {
                p.out(", ");
                kids[0].print(p);
            }
            p.out(") ");
            body.print(p);
        }

        @Override
        boolean ccn() {
            return true;
        }

        @Override
        List<Block> blocks() {
            return List.of(body);
        }

        @Override
        List<List<Stmt>> alternatives() {
            List<List<Stmt>> alts = super.alternatives();
            if (kids.length > 0) {
                alts.add(List.of(new For(label, var, bound, null, body)));
            }
            if (label != null) {
                alts.add(List.of(new For(null, var, bound, kids.length > 0 ? kids[0] : null,
                        body)));
            }
            return alts;
        }

        @Override
        boolean breakTarget() {
            return true;
        }

        @Override
        boolean loop() {
            return true;
        }

        @Override
        String label() {
            return label;
        }

        @Override
        Stmt copy() {
            return new For(label, var, bound, kids.length > 0 ? kids[0].copy() : null,
                    body.copy());
        }
    }

    /** {@code L: for (E x : iterable) body}. */
    static final class ForEach extends Stmt {
        final String label;
        final T elem;
        final String var;
        Block body;

        ForEach(String label, T elem, String var, Expr iterable, Block body) {
            this.label = label;
            this.elem = elem;
            this.var = var;
            this.kids = new Expr[] {iterable};
            this.body = body;
        }

        @Override
        void print(Printer p) {
            p.out((label == null ? "" : label + ": ") + "for (" + elem.java + " " + var + " : ");
            kids[0].print(p);
            p.out(") ");
            p.tickNext = true;
            body.print(p);
        }

        @Override
        boolean ccn() {
            return true;
        }

        @Override
        List<Block> blocks() {
            return List.of(body);
        }

        @Override
        boolean breakTarget() {
            return true;
        }

        @Override
        boolean loop() {
            return true;
        }

        @Override
        String label() {
            return label;
        }

        @Override
        Stmt copy() {
            return new ForEach(label, elem, var, kids[0].copy(), body.copy());
        }
    }

    /**
     * {@code { int w = 0; L: while (w++ < n && H.tick() && cond) body }}, or the do-while form.
     */
    static final class While extends Stmt {
        final String label;
        final String counter;
        final int bound;
        final boolean doWhile;
        Block body;

        While(String label, String counter, int bound, boolean doWhile, Expr cond, Block body) {
            this.label = label;
            this.counter = counter;
            this.bound = bound;
            this.doWhile = doWhile;
            this.kids = cond == null ? new Expr[0] : new Expr[] {cond};
            this.body = body;
        }

        private void condition(Printer p) {
            p.out("(" + counter + "++ < " + bound + " && H.tick()");
            if (kids.length > 0) {
                p.out(" && ");
                kids[0].print(p);
            }
            p.out(")");
        }

        @Override
        void print(Printer p) {
            p.out("{");
            p.indent++;
            p.nl();
            p.out("int " + counter + " = 0;");
            p.nl();
            p.out(label == null ? "" : label + ": ");
            if (doWhile) {
                p.out("do ");
                body.print(p);
                p.out(" while ");
                condition(p);
                p.out(";");
            } else {
                p.out("while ");
                condition(p);
                p.out(" ");
                body.print(p);
            }
            p.indent--;
            p.nl();
            p.out("}");
        }

        @Override
        boolean ccn() {
            if (!doWhile) {
                return true;
            }
            return body.ccn() || Reach.continues(this) || Reach.breaks(this);
        }

        @Override
        List<Block> blocks() {
            return List.of(body);
        }

        @Override
        List<List<Stmt>> alternatives() {
            List<List<Stmt>> alts = super.alternatives();
            if (kids.length > 0) {
                alts.add(List.of(new While(label, counter, bound, doWhile, null, body)));
            }
            return alts;
        }

        @Override
        boolean breakTarget() {
            return true;
        }

        @Override
        boolean loop() {
            return true;
        }

        @Override
        String label() {
            return label;
        }

        @Override
        Stmt copy() {
            return new While(label, counter, bound, doWhile,
                    kids.length > 0 ? kids[0].copy() : null, body.copy());
        }
    }

    static final class Jump extends Stmt {
        final boolean isBreak;
        final String label;

        Jump(boolean isBreak, String label) {
            this.isBreak = isBreak;
            this.label = label;
        }

        @Override
        void print(Printer p) {
            p.out((isBreak ? "break" : "continue") + (label == null ? "" : " " + label) + ";");
        }

        @Override
        boolean ccn() {
            return false;
        }

        @Override
        Stmt copy() {
            return new Jump(isBreak, label);
        }
    }

    /** One arm of a switch statement: labels (null: default) and a body. */
    static final class Case {
        final List<String> labels;
        Block body;

        Case(List<String> labels, Block body) {
            this.labels = labels;
            this.body = body;
        }

        boolean isDefault() {
            return labels.contains(null);
        }
    }

    /** A switch statement, old (groups with fall-through) or arrow (rules) form. */
    static final class Switch extends Stmt {
        final boolean arrow;
        final List<Case> cases;

        Switch(Expr selector, boolean arrow, List<Case> cases) {
            this.kids = new Expr[] {selector};
            this.arrow = arrow;
            this.cases = cases;
        }

        @Override
        void print(Printer p) {
            p.out("switch (");
            kids[0].print(p);
            p.out(") {");
            p.indent++;
            for (Case c : cases) {
                p.nl();
                if (arrow) {
                    StringBuilder ls = new StringBuilder();
                    for (String l : c.labels) {
                        if (l != null) {
                            ls.append(ls.length() == 0 ? "case " : ", ").append(l);
                        }
                    }
                    p.out(c.isDefault() ? (ls.length() == 0 ? "default" : ls + ", default")
                            : ls.toString());
                    p.out(" -> ");
                    if (isExpressionRule(c)) {
                        c.body.stmts.get(0).print(p);
                    } else {
                        c.body.print(p);
                    }
                } else {
                    for (String l : c.labels) {
                        p.out(l == null ? "default: " : "case " + l + ": ");
                    }
                    p.indent++;
                    for (Stmt s : c.body.stmts) {
                        p.nl();
                        s.print(p);
                    }
                    p.indent--;
                }
            }
            p.indent--;
            p.nl();
            p.out("}");
        }

        static boolean isExpressionRule(Case c) {
            return c.body.stmts.size() == 1 && c.body.stmts.get(0) instanceof ExprS;
        }

        @Override
        boolean ccn() {
            boolean hasDefault = false;
            for (Case c : cases) {
                hasDefault |= c.isDefault();
            }
            if (!hasDefault || Reach.breaks(this)) {
                return true;
            }
            if (arrow) {
                for (Case c : cases) {
                    if (isExpressionRule(c) || c.body.ccn()) {
                        return true;
                    }
                }
                return false;
            }
            return cases.isEmpty() || cases.get(cases.size() - 1).body.ccn();
        }

        @Override
        List<Block> blocks() {
            List<Block> bs = new ArrayList<>();
            for (Case c : cases) {
                bs.add(c.body);
            }
            return bs;
        }

        @Override
        List<List<Stmt>> alternatives() {
            List<List<Stmt>> alts = new ArrayList<>();
            for (Case c : cases) {
                alts.add(c.body.stmts);
            }
            for (int k = 0; k < cases.size(); k++) {
                List<Case> fewer = new ArrayList<>(cases);
                fewer.remove(k);
                alts.add(List.of(new Switch(kids[0], arrow, fewer)));
            }
            return alts;
        }

        @Override
        boolean breakTarget() {
            return true;
        }

        @Override
        Stmt copy() {
            List<Case> c = new ArrayList<>();
            for (Case k : cases) {
                c.add(new Case(k.labels, k.body.copy()));
            }
            return new Switch(kids[0].copy(), arrow, c);
        }
    }

    static final class Catch {
        final List<String> types;
        final String name;
        Block body;

        Catch(List<String> types, String name, Block body) {
            this.types = types;
            this.name = name;
            this.body = body;
        }
    }

    static final class Try extends Stmt {
        Block body;
        final List<Catch> catches;
        Block fin;

        Try(Block body, List<Catch> catches, Block fin) {
            this.body = body;
            this.catches = catches;
            this.fin = fin;
        }

        @Override
        void print(Printer p) {
            p.out("try ");
            body.print(p);
            for (Catch c : catches) {
                p.out(" catch (" + String.join(" | ", c.types) + " " + c.name + ") ");
                c.body.print(p);
            }
            if (fin != null) {
                p.out(" finally ");
                fin.print(p);
            }
        }

        @Override
        boolean ccn() {
            boolean any = body.ccn();
            for (Catch c : catches) {
                any |= c.body.ccn();
            }
            return any && (fin == null || fin.ccn());
        }

        @Override
        List<Block> blocks() {
            List<Block> bs = new ArrayList<>();
            bs.add(body);
            for (Catch c : catches) {
                bs.add(c.body);
            }
            if (fin != null) {
                bs.add(fin);
            }
            return bs;
        }

        @Override
        List<List<Stmt>> alternatives() {
            List<List<Stmt>> alts = new ArrayList<>();
            alts.add(body.stmts);
            if (fin != null) {
                List<Stmt> both = new ArrayList<>(body.stmts);
                both.addAll(fin.stmts);
                alts.add(both);
                if (!catches.isEmpty()) {
                    alts.add(List.of(new Try(body, catches, null)));
                }
            }
            for (int k = 0; k < catches.size(); k++) {
                if (catches.size() > 1 || fin != null) {
                    List<Catch> fewer = new ArrayList<>(catches);
                    fewer.remove(k);
                    alts.add(List.of(new Try(body, fewer, fin)));
                }
            }
            return alts;
        }

        @Override
        Stmt copy() {
            List<Catch> c = new ArrayList<>();
            for (Catch k : catches) {
                c.add(new Catch(k.types, k.name, k.body.copy()));
            }
            return new Try(body.copy(), c, fin == null ? null : fin.copy());
        }
    }

    static final class Return extends Stmt {
        /**
         * An async body returns a future the driver makes ({@code A.rf}), done or completed
         * later as planned, rather than {@code Future.completed(value)}.
         */
        final boolean viaFuture;

        Return(Expr value) {
            this(value, false);
        }

        Return(Expr value, boolean viaFuture) {
            this.kids = new Expr[] {value};
            this.viaFuture = viaFuture;
        }

        @Override
        void print(Printer p) {
            if (p.async) {
                p.out(viaFuture ? "return A.rf(" + p.point(SendKind.ANY) + ", A.ret("
                        : "return Future.completed(A.ret(");
                kids[0].print(p);
                p.out("));");
                return;
            }
            p.out("return Generator.done(");
            kids[0].print(p);
            p.out(");");
        }

        @Override
        boolean ccn() {
            return false;
        }

        @Override
        List<List<Stmt>> alternatives() {
            return viaFuture ? List.of(List.of(new Return(kids[0]))) : List.of();
        }

        @Override
        Stmt copy() {
            return new Return(kids[0].copy(), viaFuture);
        }
    }

    static final class Throw extends Stmt {
        Throw(Expr exception) {
            this.kids = new Expr[] {exception};
        }

        @Override
        void print(Printer p) {
            p.out("throw ");
            kids[0].print(p);
            p.out(";");
        }

        @Override
        boolean ccn() {
            return false;
        }

        @Override
        Stmt copy() {
            return new Throw(kids[0].copy());
        }
    }

    static final class Nested extends Stmt {
        Block block;

        Nested(Block block) {
            this.block = block;
        }

        @Override
        void print(Printer p) {
            block.print(p);
        }

        @Override
        boolean ccn() {
            return block.ccn();
        }

        @Override
        List<Block> blocks() {
            return List.of(block);
        }

        @Override
        Stmt copy() {
            return new Nested(block.copy());
        }
    }

    // ---------------------------------------------------------------- programs

    record Param(T type, String name) {
    }

    /** One generator method of a program. */
    static final class Method {
        final List<Param> params;
        /** An instance method (its body may use {@code this.fi} and {@code this.fo}). */
        final boolean instance;
        Block body;

        Method(List<Param> params, boolean instance, Block body) {
            this.params = params;
            this.instance = instance;
            this.body = body;
        }

        Method copy() {
            return new Method(params, instance, body.copy());
        }
    }

    /**
     * A program: generator 0 is driven; generator k may delegate to generators after it. The
     * entry arguments are the values generator 0 is called with.
     */
    static final class Program {
        final List<Method> methods;
        final List<Expr> entryArgs;
        final long seed;
        /** Async coroutines ({@code Future<Object>}, awaits) rather than generators. */
        final boolean async;

        Program(List<Method> methods, List<Expr> entryArgs, long seed) {
            this(methods, entryArgs, seed, false);
        }

        Program(List<Method> methods, List<Expr> entryArgs, long seed, boolean async) {
            this.methods = methods;
            this.entryArgs = entryArgs;
            this.seed = seed;
            this.async = async;
        }

        Program copy() {
            List<Method> ms = new ArrayList<>();
            for (Method m : methods) {
                ms.add(m.copy());
            }
            List<Expr> args = new ArrayList<>();
            for (Expr e : entryArgs) {
                args.add(e.copy());
            }
            return new Program(ms, args, seed, async);
        }
    }

    /** JLS 14.22's breaks and continues that leave a statement. */
    static final class Reach {
        private Reach() {
        }

        /** Whether a break inside {@code target} exits it. */
        static boolean breaks(Stmt target) {
            for (Block b : target.blocks()) {
                if (jumpsTo(b, target, true, false)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a continue inside {@code loop} continues it. */
        static boolean continues(Stmt loop) {
            for (Block b : loop.blocks()) {
                if (jumpsTo(b, loop, false, false)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean jumpsTo(Block b, Stmt target, boolean isBreak, boolean captured) {
            for (Stmt s : b.stmts) {
                if (s instanceof Jump j) {
                    if (j.isBreak == isBreak && (j.label != null ? j.label.equals(target.label())
                            : !captured)) {
                        return true;
                    }
                    continue;
                }
                boolean inner = captured || (isBreak ? s.breakTarget() : s.loop());
                for (Block nested : s.blocks()) {
                    if (s instanceof Try t && t.fin != null && nested != t.fin && !t.fin.ccn()) {
                        continue; // a finally that cannot complete normally swallows the jump
                    }
                    if (jumpsTo(nested, target, isBreak, inner)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
