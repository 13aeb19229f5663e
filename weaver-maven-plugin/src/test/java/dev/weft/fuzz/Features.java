package dev.weft.fuzz;

import dev.weft.fuzz.Ast.Await;
import dev.weft.fuzz.Ast.AwaitAll;
import dev.weft.fuzz.Ast.AwaitCall;
import dev.weft.fuzz.Ast.Block;
import dev.weft.fuzz.Ast.CallL;
import dev.weft.fuzz.Ast.LambdaDecl;
import dev.weft.fuzz.Ast.Decl;
import dev.weft.fuzz.Ast.Expr;
import dev.weft.fuzz.Ast.ExprS;
import dev.weft.fuzz.Ast.For;
import dev.weft.fuzz.Ast.ForEach;
import dev.weft.fuzz.Ast.Jump;
import dev.weft.fuzz.Ast.Method;
import dev.weft.fuzz.Ast.Program;
import dev.weft.fuzz.Ast.Return;
import dev.weft.fuzz.Ast.Stmt;
import dev.weft.fuzz.Ast.Switch;
import dev.weft.fuzz.Ast.SwitchE;
import dev.weft.fuzz.Ast.T;
import dev.weft.fuzz.Ast.Throw;
import dev.weft.fuzz.Ast.Tm;
import dev.weft.fuzz.Ast.Try;
import dev.weft.fuzz.Ast.TrySwitchE;
import dev.weft.fuzz.Ast.While;
import dev.weft.fuzz.Ast.Yield;
import dev.weft.fuzz.Ast.YieldFrom;
import dev.weft.fuzz.Ast.YieldFromIt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The constructs a program uses, and where its suspension points stand: coverage counts. */
final class Features {
    /** Every feature the fuzzer is meant to produce (the CI run asserts each one occurs). */
    static final String[] ALL = {"if/else", "for", "for-each", "while", "do-while",
        "labeled break", "labeled continue", "switch statement (old)", "switch statement (arrow)",
        "string switch", "switch expression", "try/catch", "try/finally", "try nested 3 deep",
        "early return", "throw checked", "throw unchecked", "yieldFrom generator",
        "yieldFrom iterable", "yield statement", "yield in compound assignment",
        "yield in method argument", "yield in constructor argument",
        "yield in nested constructor argument", "yield in string concatenation",
        "yield in ternary", "yield in array index", "yield in switch expression",
        "yield in initializer", "yield in condition", "yield in yield argument",
        "yield in finally", "yield in catch", "local long/double", "local array",
        "local Box", "instance coroutine", "yield with this on the stack",
        "try in a switch expression", "yield in the try of a switch expression",
        "try-switch in constructor argument", "try-switch in method argument",
        "try-switch in string concatenation", "yield in several arguments of a nested constructor",
        "lambda coroutine", "lambda with parameters", "lambda as a Supplier", "lambda in a lambda",
        "lambda capturing a local", "lambda capturing this", "yield in a lambda",
        "delegation to a lambda", "Generator.of(lambda)"};

    /** Features of generator programs only. */
    private static final Set<String> GENERATOR_ONLY = Set.of("Generator.of(lambda)");

    /** Every feature of async programs: the same, with awaits for yields. */
    static final String[] ALL_ASYNC = asyncNames();

    private static String[] asyncNames() {
        List<String> names = new ArrayList<>();
        for (String name : ALL) {
            if (!GENERATOR_ONLY.contains(name)) {
                names.add(asAsync(name));
            }
        }
        names.add("await of a CompletionStage");
        names.add("return of a driver future");
        return names.toArray(new String[0]);
    }

    /** The name of a generator feature in an async program. */
    private static String asAsync(String name) {
        return name.replace("yieldFrom generator", "await of a coroutine")
                .replace("yieldFrom iterable", "await of Co.all").replace("yield ", "await ")
                .replace(" yield", " await");
    }

    private static final Pattern COMPOUND = Pattern.compile("[-+*/&|^<>]= \\$");

    private final Set<String> found = new TreeSet<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean add(String name) {
            return super.add(async ? asAsync(name) : name);
        }
    };
    private final boolean async;
    /** How many {@link TrySwitchE} values enclose the expression being looked at. */
    private int trySwitches;
    /** How many lambdas enclose the statement being looked at. */
    private int lambdas;

    private Features(boolean async) {
        this.async = async;
    }

    static Set<String> of(Program p) {
        Features f = new Features(p.async);
        for (Method m : p.methods) {
            if (m.instance) {
                f.found.add("instance coroutine");
            }
            f.block(m.body, 0, false, false);
        }
        return f.found;
    }

    private void block(Block b, int tries, boolean inFinally, boolean inCatch) {
        for (Stmt s : b.stmts) {
            stmt(s, tries, inFinally, inCatch);
        }
    }

    private void stmt(Stmt s, int tries, boolean inFinally, boolean inCatch) {
        if (s instanceof Ast.If i && i.otherwise != null) {
            found.add("if/else");
        } else if (s instanceof For) {
            found.add("for");
        } else if (s instanceof ForEach) {
            found.add("for-each");
        } else if (s instanceof While w) {
            found.add(w.doWhile ? "do-while" : "while");
        } else if (s instanceof Jump j && j.label != null) {
            found.add(j.isBreak ? "labeled break" : "labeled continue");
        } else if (s instanceof Switch sw) {
            found.add(sw.arrow ? "switch statement (arrow)" : "switch statement (old)");
            if (sw.kids[0].type == T.STRING) {
                found.add("string switch");
            }
        } else if (s instanceof LambdaDecl l) {
            found.add("lambda coroutine");
            if (l.form == LambdaDecl.Form.PARAMS) {
                found.add("lambda with parameters");
            } else if (l.form == LambdaDecl.Form.SUPPLIER) {
                found.add("lambda as a Supplier");
            }
            if (l.nesting > 0) {
                found.add("lambda in a lambda");
            }
            if (!l.captures.isEmpty() && l.body.ccn()) {
                found.add("lambda capturing a local"); // the digest at its end reads them
            }
            if (l.instance && Printer.show(l.body).contains("this.f")) {
                found.add("lambda capturing this");
            }
            lambdas++;
            block(l.body, 0, false, false);
            lambdas--;
            return;
        } else if (s instanceof Try t) {
            found.add(t.catches.isEmpty() ? "try/finally" : "try/catch");
            if (t.fin != null) {
                found.add("try/finally");
            }
            if (tries + 1 >= 3) {
                found.add("try nested 3 deep");
            }
            block(t.body, tries + 1, inFinally, inCatch);
            for (Ast.Catch c : t.catches) {
                block(c.body, tries + 1, inFinally, true);
            }
            if (t.fin != null) {
                block(t.fin, tries + 1, true, inCatch);
            }
            return;
        } else if (s instanceof Return ret) {
            found.add("early return");
            if (ret.viaFuture) {
                found.add("return of a driver future");
            }
        } else if (s instanceof Throw) {
            String text = Printer.show(s.kids[0]);
            found.add(text.startsWith("new FuzzException") ? "throw checked" : "throw unchecked");
        } else if (s instanceof Decl d) {
            if (d.type == T.LONG || d.type == T.DOUBLE) {
                found.add("local long/double");
            } else if (d.type == T.INT_ARR || d.type == T.STRING_ARR) {
                found.add("local array");
            } else if (d.type == T.BOX) {
                found.add("local Box");
            }
        }
        for (Expr e : s.kids) {
            if (e != null) {
                expr(e, s, null, inFinally, inCatch, 0);
            }
        }
        for (Block b : s.blocks()) {
            block(b, tries, inFinally, inCatch);
        }
    }

    /** {@code news}: how many {@code new Box(...)} enclose {@code e}. */
    private void expr(Expr e, Stmt stmt, Expr parent, boolean inFinally, boolean inCatch,
            int news) {
        boolean suspends = e instanceof Yield || e instanceof YieldFrom || e instanceof YieldFromIt
                || e instanceof Await || e instanceof AwaitCall || e instanceof AwaitAll
                || e instanceof CallL;
        if (e instanceof Await a && a.stage) {
            found.add("await of a CompletionStage");
        }
        if (e instanceof SwitchE) {
            found.add("switch expression");
        }
        if (e instanceof CallL c) {
            found.add("delegation to a lambda");
            if (c.of) {
                found.add("Generator.of(lambda)");
            }
        }
        if (suspends && lambdas > 0) {
            found.add("yield in a lambda");
        }
        if (e instanceof YieldFrom || e instanceof AwaitCall) {
            found.add("yieldFrom generator");
        } else if (e instanceof YieldFromIt || e instanceof AwaitAll) {
            found.add("yieldFrom iterable");
        }
        if (e instanceof TrySwitchE) {
            found.add("try in a switch expression");
            if (parent instanceof Tm t && t.template.contains("new Box(")) {
                found.add("try-switch in constructor argument");
            } else if (parent instanceof Tm t && t.template.startsWith("H.")) {
                found.add("try-switch in method argument");
            } else if (parent instanceof Tm t && t.template.contains(" + $")
                    && t.type == T.STRING) {
                found.add("try-switch in string concatenation");
            }
        }
        if (suspends && trySwitches > 0) {
            found.add("yield in the try of a switch expression");
        }
        if (suspends) {
            where(e, stmt, parent, news >= 2);
            if (inFinally) {
                found.add("yield in finally");
            }
            if (inCatch) {
                found.add("yield in catch");
            }
        }
        boolean isNew = e instanceof Tm t && t.template.contains("new Box(");
        if (isNew && news >= 1) {
            int suspending = 0;
            for (Expr k : e.kids) {
                suspending += k != null && suspends(k) ? 1 : 0;
            }
            if (suspending >= 2) {
                found.add("yield in several arguments of a nested constructor");
            }
        }
        for (int i = 0; i < e.kids.length; i++) {
            Expr k = e.kids[i];
            if (k != null) {
                boolean inTry = e instanceof TrySwitchE && i > 0;
                trySwitches += inTry ? 1 : 0;
                expr(k, stmt, e, inFinally, inCatch, news + (isNew ? 1 : 0));
                trySwitches -= inTry ? 1 : 0;
            }
        }
    }

    private static boolean suspends(Expr e) {
        if (e instanceof Yield || e instanceof YieldFrom || e instanceof YieldFromIt
                || e instanceof Await || e instanceof AwaitCall || e instanceof AwaitAll
                || e instanceof CallL) {
            return true;
        }
        for (Expr k : e.kids) {
            if (k != null && suspends(k)) {
                return true;
            }
        }
        return false;
    }

    private void where(Expr e, Stmt stmt, Expr parent, boolean nestedNew) {
        if (parent == null) {
            if (stmt instanceof ExprS) {
                found.add("yield statement");
            } else if (stmt instanceof Decl) {
                found.add("yield in initializer");
            } else if (stmt instanceof Ast.If || stmt instanceof While) {
                found.add("yield in condition");
            }
            return;
        }
        if (parent instanceof Yield || parent instanceof YieldFrom || parent instanceof Await
                || parent instanceof AwaitCall || parent instanceof AwaitAll
                || parent instanceof CallL) {
            found.add("yield in yield argument");
        } else if (parent instanceof SwitchE || parent instanceof TrySwitchE) {
            found.add("yield in switch expression");
        } else if (parent instanceof Tm t) {
            String tm = t.template;
            if (COMPOUND.matcher(tm).find()) {
                found.add("yield in compound assignment");
                if (tm.startsWith("this.") || tm.startsWith("(this.")) {
                    found.add("yield with this on the stack");
                }
            }
            if (tm.contains("new Box(")) {
                found.add(nestedNew ? "yield in nested constructor argument"
                        : "yield in constructor argument");
            } else if (tm.startsWith("H.") || tm.contains(".add(") || tm.contains(".with(")) {
                found.add("yield in method argument");
            }
            if (tm.contains(" + $") && t.type == T.STRING) {
                found.add("yield in string concatenation");
            }
            if (tm.contains(" ? $")) {
                found.add("yield in ternary");
            }
            if (tm.contains("[H.idx($0") || tm.matches(".*\\w\\[\\$0\\].*")) {
                found.add("yield in array index");
            }
        }
    }
}
