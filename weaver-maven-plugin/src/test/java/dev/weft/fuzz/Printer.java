package dev.weft.fuzz;

import dev.weft.fuzz.Ast.Block;
import dev.weft.fuzz.Ast.Decl;
import dev.weft.fuzz.Ast.Expr;
import dev.weft.fuzz.Ast.Method;
import dev.weft.fuzz.Ast.Param;
import dev.weft.fuzz.Ast.Program;
import dev.weft.fuzz.Ast.SendKind;
import dev.weft.fuzz.Ast.Stmt;
import java.util.ArrayList;
import java.util.List;

/** Prints programs as Java: the woven version, or the reference version. */
final class Printer {
    enum Mode { WOVEN, REF }

    static final String PACKAGE = "dev.weft.fuzz.gen";

    final Mode mode;
    private final StringBuilder sb = new StringBuilder();
    int indent;
    boolean tickNext;
    private String prefix = "";
    private String className;
    private Program program;
    private boolean inInstance;
    /** The send kind of each reference suspension point, by its id. */
    final List<SendKind> kinds;
    /** The coroutine (its index in the program) each suspension point stands in, by its id. */
    final List<Integer> gens = new ArrayList<>();
    /** Printing async coroutines ({@code Future<Object>}) rather than generators. */
    boolean async;
    private int gen;

    Printer(Mode mode, List<SendKind> kinds) {
        this.mode = mode;
        this.kinds = kinds;
    }

    void out(String s) {
        sb.append(s);
    }

    void out(char c) {
        sb.append(c);
    }

    void nl() {
        sb.append('\n');
        for (int k = 0; k < indent; k++) {
            sb.append("    ");
        }
    }

    int point(SendKind kind) {
        gens.add(gen);
        kinds.add(kind);
        return kinds.size() - 1;
    }

    String methodName(int gen) {
        return prefix + "g" + gen;
    }

    String entryName() {
        return prefix + "entry";
    }

    /** How to call generator {@code gen} from the method being printed. */
    String callee(int gen) {
        if (program == null || !program.methods.get(gen).instance) {
            return methodName(gen);
        }
        return (inInstance ? "this." : "new " + className + "().") + methodName(gen);
    }

    /** A whole compilation unit holding {@code programs}, named {@code p<index>_...}. */
    static String unit(Mode mode, String className, List<Program> programs, List<Integer> indices,
            List<SendKind> kinds) {
        return unit(mode, className, programs, indices, kinds, new ArrayList<>());
    }

    /** {@link #unit}, also listing the coroutine each suspension point stands in. */
    static String unit(Mode mode, String className, List<Program> programs, List<Integer> indices,
            List<SendKind> kinds, List<Integer> gens) {
        Printer p = new Printer(mode, kinds);
        p.async = !programs.isEmpty() && programs.get(0).async;
        p.out("package " + PACKAGE + ";\n\n");
        p.out("import dev.weft.Co;\nimport dev.weft.Coroutine;\nimport dev.weft.Generator;\n");
        p.out("import dev.weft.GeneratorExit;\nimport dev.weft.StopIteration;\n");
        if (p.async) {
            p.out("import dev.weft.Future;\nimport java.util.concurrent.CancellationException;\n");
        }
        p.out("import dev.weft.fuzz.*;\n\n");
        p.out("@SuppressWarnings(\"all\")\npublic final class " + className + " {");
        p.indent++;
        p.className = className;
        p.nl();
        p.out("public int fi;");
        p.nl();
        p.out("public Object fo;");
        for (int k = 0; k < programs.size(); k++) {
            p.program(programs.get(k), "p" + indices.get(k) + "_");
        }
        p.indent--;
        p.nl();
        p.out("}\n");
        gens.addAll(p.gens);
        return p.sb.toString();
    }

    static String prefixOf(int index) {
        return "p" + index + "_";
    }

    private void program(Program program, String pfx) {
        this.prefix = pfx;
        this.program = program;
        this.inInstance = false;
        nl();
        nl();
        out("public static " + returnType() + " " + entryName()
                + "() throws Exception {");
        indent++;
        nl();
        out("return " + callee(0) + "(");
        for (int k = 0; k < program.entryArgs.size(); k++) {
            out(k == 0 ? "" : ", ");
            program.entryArgs.get(k).print(this);
        }
        out(");");
        indent--;
        nl();
        out("}");
        for (int g = 0; g < program.methods.size(); g++) {
            method(program.methods.get(g), g);
        }
    }

    private String returnType() {
        return async ? "Future<Object>" : "Generator<Object, Object, Object>";
    }

    private void method(Method m, int gen) {
        this.gen = gen;
        StringBuilder params = new StringBuilder();
        StringBuilder args = new StringBuilder();
        for (Param prm : m.params) {
            params.append(params.length() == 0 ? "" : ", ").append(prm.type().java).append(' ')
                    .append(prm.name());
            args.append(args.length() == 0 ? "" : ", ").append(prm.name());
        }
        String name = methodName(gen);
        String modifiers = m.instance ? "" : "static ";
        inInstance = m.instance;
        nl();
        if (mode == Mode.WOVEN) {
            nl();
            out("@Coroutine");
            nl();
            out(modifiers + returnType() + " " + name + "(" + params + ") throws Exception ");
        } else {
            // The reference body is a plain method; a generator's runs in a RefGen, an async
            // one's at once (its awaits, A.v, take their outcome at once) through A.call.
            nl();
            out(modifiers + returnType() + " " + name + "(" + params + ") throws Exception {");
            indent++;
            nl();
            out("return " + (async ? "A.call(" : "new RefGen(") + "() -> " + name + "$(" + args
                    + "));");
            indent--;
            nl();
            out("}");
            nl();
            out(modifiers + returnType() + " " + name + "$(" + params + ") throws Exception ");
        }
        body(m);
    }

    /** The body, ending with a return of every top-level local when it can fall off its end. */
    private void body(Method m) {
        Block b = m.body;
        if (!b.ccn()) {
            b.print(this);
            return;
        }
        List<Stmt> all = new ArrayList<>(b.stmts);
        StringBuilder digest = new StringBuilder("H.digest(\"end\"");
        int n = 1;
        for (Param prm : m.params) {
            digest.append(n++ == 0 ? "" : ", ").append(prm.name());
        }
        for (Stmt s : b.stmts) {
            if (s instanceof Decl d) {
                digest.append(n++ == 0 ? "" : ", ").append(d.name);
            }
        }
        digest.append(")");
        all.add(new Ast.Return(new Ast.Lit(Ast.T.STRING, digest.toString())));
        new Block(all).print(this);
    }

    /**
     * The body of a coroutine lambda, ending like a method's with a return of its digest (its
     * parameters, its captures, its top-level locals) when it can fall off its end. Its
     * suspension points belong to no coroutine of the program ({@link #gens} holds -1 for them).
     * A body the shrinker left without a suspension point gets one that never runs, so that the
     * lambda stays a coroutine.
     */
    void lambdaBody(Ast.LambdaDecl l) {
        int savedGen = gen;
        gen = -1;
        List<Stmt> all = new ArrayList<>();
        if (!suspends(l.body)) {
            Expr point = async ? new Ast.Await(Ast.T.OBJECT, null, SendKind.ANY, false,
                    new Ast.Lit(Ast.T.OBJECT, "null"))
                    : new Ast.Yield(Ast.T.OBJECT, null, SendKind.ANY, null);
            all.add(new Ast.If(new Ast.Tm(Ast.T.BOOLEAN, "H.never()"),
                    new Block(new ArrayList<>(List.of(new Ast.ExprS(point)))), null));
        }
        all.addAll(l.body.stmts);
        if (l.body.ccn()) {
            StringBuilder digest = new StringBuilder("H.digest(\"lambda\"");
            for (Param prm : l.params) {
                digest.append(", ").append(prm.name());
            }
            for (String c : l.captures) {
                digest.append(", ").append(c);
            }
            for (Stmt s : l.body.stmts) {
                if (s instanceof Decl d) {
                    digest.append(", ").append(d.name);
                }
            }
            digest.append(")");
            all.add(new Ast.Return(new Ast.Lit(Ast.T.STRING, digest.toString())));
        }
        new Block(all).print(this);
        gen = savedGen;
    }

    /** Whether a block holds a suspension point of its own (not one in a lambda inside it). */
    static boolean suspends(Block b) {
        for (Stmt s : b.stmts) {
            if (s instanceof Ast.LambdaDecl) {
                continue;
            }
            for (Expr e : s.kids) {
                if (e != null && suspends(e)) {
                    return true;
                }
            }
            for (Block nested : s.blocks()) {
                if (suspends(nested)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean suspends(Expr e) {
        if (e instanceof Ast.Yield || e instanceof Ast.YieldFrom || e instanceof Ast.YieldFromIt
                || e instanceof Ast.Await || e instanceof Ast.AwaitCall
                || e instanceof Ast.AwaitAll || e instanceof Ast.CallL) {
            return true;
        }
        for (Expr k : e.kids) {
            if (k != null && suspends(k)) {
                return true;
            }
        }
        return false;
    }

    /** A block alone, in woven form (for coverage). */
    static String show(Block b) {
        Printer p = new Printer(Mode.WOVEN, new ArrayList<>());
        b.print(p);
        return p.sb.toString();
    }

    /** One expression alone, in woven form (for messages). */
    static String show(Expr e) {
        Printer p = new Printer(Mode.WOVEN, new ArrayList<>());
        e.print(p);
        return p.sb.toString();
    }
}
