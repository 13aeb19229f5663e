package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fuzz.Ast.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shrinker cuts a program down to what a failure needs. */
class ShrinkerTest {

    private static String source(Program p) {
        return Referee.sources(List.of(p), List.of(0), 0).woven();
    }

    private static int statements(Program p) {
        int n = 0;
        for (Ast.Method m : p.methods) {
            n += statements(m.body);
        }
        return n;
    }

    private static int statements(Ast.Block b) {
        int n = 0;
        for (Ast.Stmt s : b.stmts) {
            n++;
            for (Ast.Block nested : s.blocks()) {
                n += statements(nested);
            }
        }
        return n;
    }

    @Test
    void shrinksToTheStatementsThatMatter() {
        // A "failure" that needs a Long suspension point and a finally block.
        java.util.function.Predicate<Program> fails = p -> {
            String s = source(p);
            return s.contains("Co.<Long>yield(") && s.contains("finally");
        };
        int shrunk = 0;
        for (int k = 0; k < 400 && shrunk < 3; k++) {
            Program p = ProgramGenerator.generate(Fuzzer.programSeed(42, k));
            if (!fails.test(p)) {
                continue;
            }
            int before = statements(p);
            Shrinker.shrink(p, fails, 20_000);
            String after = source(p);
            assertTrue(fails.test(p), after);
            // What is left: the try/finally, and the statement (perhaps nested) that suspends.
            int left = statements(p);
            assertTrue(left <= 6 && left < before, before + " statements became " + left + ":\n"
                    + after);
            shrunk++;
        }
        assertTrue(shrunk == 3, "too few programs to shrink: " + shrunk);
    }

    @Test
    void shrinksAsyncProgramsKeepingTheCoroutinesTheyAwait() {
        // A "failure" that needs an await of another coroutine inside a catch block.
        java.util.function.Predicate<Program> fails = p -> {
            String s = source(p);
            int at = s.indexOf("catch (");
            return at >= 0 && s.indexOf("Co.await(p0_g", at) >= 0
                    && s.contains("Future<Object> p0_g1(");
        };
        int shrunk = 0;
        for (int k = 0; k < 2000 && shrunk < 2; k++) {
            Program p = ProgramGenerator.generateAsync(Fuzzer.programSeed(42, k));
            if (!fails.test(p)) {
                continue;
            }
            int before = statements(p);
            Shrinker.shrink(p, fails, 20_000);
            String after = source(p);
            assertTrue(fails.test(p), after);
            int left = statements(p);
            assertTrue(left <= 6 && left < before, before + " statements became " + left + ":\n"
                    + after);
            shrunk++;
        }
        assertTrue(shrunk == 2, "too few programs to shrink: " + shrunk);
    }
}
