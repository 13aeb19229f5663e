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
        Printer p = new Printer(mode, kinds);
        p.out("package " + PACKAGE + ";\n\n");
        p.out("import dev.weft.Co;\nimport dev.weft.Coroutine;\nimport dev.weft.Generator;\n");
        p.out("import dev.weft.GeneratorExit;\nimport dev.weft.StopIteration;\n");
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
        out("public static Generator<Object, Object, Object> " + entryName()
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

    private void method(Method m, int gen) {
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
            out(modifiers + "Generator<Object, Object, Object> " + name + "(" + params
                    + ") throws Exception ");
        } else {
            nl();
            out(modifiers + "Generator<Object, Object, Object> " + name + "(" + params
                    + ") throws Exception {");
            indent++;
            nl();
            out("return new RefGen(() -> " + name + "$(" + args + "));");
            indent--;
            nl();
            out("}");
            nl();
            out(modifiers + "Generator<Object, Object, Object> " + name + "$(" + params
                    + ") throws Exception ");
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

    /** One expression alone, in woven form (for messages). */
    static String show(Expr e) {
        Printer p = new Printer(Mode.WOVEN, new ArrayList<>());
        e.print(p);
        return p.sb.toString();
    }
}
