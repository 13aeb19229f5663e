package dev.weft.fuzz;

import dev.weft.fuzz.Ast.Program;
import dev.weft.fuzz.Ast.SendKind;
import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs fuzzed programs two ways and compares: each batch of programs is printed as a woven and a
 * reference compilation unit, compiled by javac in this JVM, the woven one woven by the real
 * {@link ClassWeaver} and everything defined in a fresh class loader (so the JVM's verifier checks
 * the woven code); then each program's reference model is driven by a random schedule, and the
 * woven generator by the same schedule.
 */
final class Referee {
    static final int FUEL = 200_000;
    static final int MAX_OPS = 200;

    /** What happened to one program. */
    enum Verdict { AGREE, DIVERGE, WEAVE_ERROR, INVALID, SKIPPED }

    /** The result of one program. */
    record Result(Verdict verdict, String detail, List<?> schedule, List<String> reference,
            List<String> woven) {
        static Result of(Verdict v, String detail) {
            return new Result(v, detail, List.of(), List.of(), List.of());
        }
    }

    /** How a program's schedule is chosen: the chooser's seed, and a cap on its length. */
    record Schedule(long seed, int maxOps) {
        static Schedule seeded(long seed) {
            return new Schedule(seed, MAX_OPS);
        }
    }

    private static int batches;
    /** Time spent, in nanoseconds: javac, weaving, loading, the reference runs, the woven runs. */
    static final long[] NANOS = new long[5];

    private Referee() {
    }

    /** Compiles, weaves, loads and runs a batch; falls back to one program at a time. */
    static List<Result> run(List<Program> programs, List<Integer> indices,
            List<Schedule> schedules, boolean debug) {
        try {
            Loaded loaded = load(programs, indices, debug);
            List<Result> results = new ArrayList<>();
            for (int k = 0; k < programs.size(); k++) {
                results.add(programs.get(k).async
                        ? AsyncReferee.runOne(loaded, indices.get(k), schedules.get(k))
                        : runOne(loaded, indices.get(k), schedules.get(k)));
            }
            return results;
        } catch (BatchFailure f) {
            if (programs.size() == 1) {
                return List.of(Result.of(f.verdict, f.getMessage()));
            }
            List<Result> results = new ArrayList<>();
            for (int k = 0; k < programs.size(); k++) {
                results.addAll(run(List.of(programs.get(k)), List.of(indices.get(k)),
                        List.of(schedules.get(k)), debug));
            }
            return results;
        }
    }

    static Result runSingle(Program p, int index, Schedule schedule, boolean debug) {
        return run(List.of(p), List.of(index), List.of(schedule), debug).get(0);
    }

    private static final class BatchFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final Verdict verdict;

        BatchFailure(Verdict verdict, String message) {
            super(message);
            this.verdict = verdict;
        }
    }

    /** A loaded batch: its classes, and the kind and coroutine of each suspension point. */
    record Loaded(Class<?> woven, Class<?> reference, List<SendKind> kinds, List<Integer> gens) {
    }

    /**
     * The sources of a batch: woven unit, reference unit, and the reference points' kinds and
     * the coroutines they stand in.
     */
    record Sources(String wovenName, String woven, String referenceName, String reference,
            List<SendKind> kinds, List<Integer> gens) {
    }

    static Sources sources(List<Program> programs, List<Integer> indices, int batch) {
        String w = "FuzzW" + batch;
        String rf = "FuzzR" + batch;
        List<SendKind> kinds = new ArrayList<>();
        List<Integer> gens = new ArrayList<>();
        String woven = Printer.unit(Printer.Mode.WOVEN, w, programs, indices, new ArrayList<>());
        String reference = Printer.unit(Printer.Mode.REF, rf, programs, indices, kinds, gens);
        return new Sources(w, woven, rf, reference, kinds, gens);
    }

    private static synchronized int nextBatch() {
        return ++batches;
    }

    private static Loaded load(List<Program> programs, List<Integer> indices, boolean debug)
            throws BatchFailure {
        Sources s = sources(programs, indices, nextBatch());
        String pkg = Printer.PACKAGE + ".";
        Map<String, String> units = new LinkedHashMap<>();
        units.put(pkg + s.wovenName(), s.woven());
        units.put(pkg + s.referenceName(), s.reference());
        Map<String, byte[]> classes;
        long t0 = System.nanoTime();
        try {
            classes = InMemoryCompiler.compile(units, debug);
            NANOS[0] += System.nanoTime() - t0;
        } catch (InMemoryCompiler.CompileError e) {
            if (programs.size() == 1 && Boolean.getBoolean("weft.fuzz.dumpInvalid")) {
                System.out.println(s.woven());
            }
            throw new BatchFailure(Verdict.INVALID, "javac: " + e.getMessage());
        }
        String wovenInternal = (pkg + s.wovenName()).replace('.', '/');
        Map<String, byte[]> defined = new HashMap<>(classes);
        ClassLoader parent = Referee.class.getClassLoader();
        TypeHierarchy hierarchy = new TypeHierarchy(name -> {
            byte[] b = classes.get(name);
            return b != null ? b : resource(parent, name);
        });
        ClassWeaver.Result woven;
        long t1 = System.nanoTime();
        try {
            woven = new ClassWeaver(hierarchy, (c, f, m) -> 0).weave(classes.get(wovenInternal));
        } catch (RuntimeException | Error e) {
            throw new BatchFailure(Verdict.WEAVE_ERROR, "the weaver threw " + e);
        }
        NANOS[1] += System.nanoTime() - t1;
        List<WeaveError> errors = woven.errors();
        if (!errors.isEmpty()) {
            throw new BatchFailure(Verdict.WEAVE_ERROR, "weave errors: " + errors);
        }
        if (woven.woven() == null) {
            throw new BatchFailure(Verdict.WEAVE_ERROR, "the weaver left the class unchanged");
        }
        defined.put(wovenInternal, woven.woven());
        defined.putAll(woven.generated());
        MemoryLoader loader = new MemoryLoader(parent, defined);
        long t2 = System.nanoTime();
        try {
            Class<?> w = Class.forName(pkg + s.wovenName(), true, loader);
            for (String frame : woven.generated().keySet()) {
                Class.forName(frame.replace('/', '.'), true, loader);
            }
            Class<?> r = Class.forName(pkg + s.referenceName(), true, loader);
            NANOS[2] += System.nanoTime() - t2;
            return new Loaded(w, r, s.kinds(), s.gens());
        } catch (ClassNotFoundException | LinkageError e) {
            if (Boolean.getBoolean("weft.fuzz.dumpInvalid")) {
                e.printStackTrace(System.out);
            }
            throw new BatchFailure(Verdict.WEAVE_ERROR, "loading the woven classes: " + e);
        }
    }

    /**
     * Compiles and weaves one woven compilation unit (as the fuzzer prints it: class
     * {@code dev.weft.fuzz.gen.FuzzW0} with a {@code p0_entry()} method) and drives it through a
     * fixed schedule: the transcript of a regression test.
     */
    static List<String> wovenTranscript(String source, String schedule) throws Exception {
        Method entry = wovenEntry(source);
        H.refuel(FUEL);
        return Driver.drive(() -> call(entry), Driver.replay(Op.parse(schedule)), null);
    }

    /** Compiles, weaves and loads class {@code FuzzW0} of {@code source}: its p0_entry. */
    static Method wovenEntry(String source) throws Exception {
        String name = Printer.PACKAGE + ".FuzzW0";
        Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of(name, source), true);
        ClassLoader parent = Referee.class.getClassLoader();
        TypeHierarchy hierarchy = new TypeHierarchy(n -> {
            byte[] b = classes.get(n);
            return b != null ? b : resource(parent, n);
        });
        String internal = name.replace('.', '/');
        ClassWeaver.Result woven = new ClassWeaver(hierarchy, (c, f, m) -> 0)
                .weave(classes.get(internal));
        if (!woven.errors().isEmpty()) {
            throw new AssertionError("weave errors: " + woven.errors());
        }
        Map<String, byte[]> defined = new HashMap<>(classes);
        defined.put(internal, woven.woven());
        defined.putAll(woven.generated());
        return Class.forName(name, true, new MemoryLoader(parent, defined))
                .getMethod("p0_entry");
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            if (in != null) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result runOne(Loaded loaded, int index, Schedule schedule) {
        String entry = Printer.prefixOf(index) + "entry";
        Method refEntry;
        Method wovenEntry;
        try {
            refEntry = loaded.reference().getMethod(entry);
            wovenEntry = loaded.woven().getMethod(entry);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        List<Op> ops = new ArrayList<>();
        List<String> ref;
        boolean fuelOut;
        long t3 = System.nanoTime();
        RefGen.beginRun();
        H.refuel(FUEL);
        try {
            Driver.OpSource source = new Chooser(schedule.seed(), loaded.kinds(),
                    schedule.maxOps());
            ref = Driver.drive(() -> call(refEntry), source, ops);
            fuelOut = H.fuelOut;
        } finally {
            RefGen.endRun();
            NANOS[3] += System.nanoTime() - t3;
        }
        if (fuelOut) {
            return new Result(Verdict.SKIPPED, "the reference ran out of fuel", ops, ref,
                    List.of());
        }
        H.refuel(FUEL);
        long t4 = System.nanoTime();
        List<String> woven = Driver.drive(() -> call(wovenEntry), Driver.replay(ops), null);
        NANOS[4] += System.nanoTime() - t4;
        int diff = Driver.firstDifference(ref, woven);
        if (diff < 0) {
            return new Result(Verdict.AGREE, null, ops, ref, woven);
        }
        return new Result(Verdict.DIVERGE, "first difference at line " + diff + ": expected <"
                + (diff < ref.size() ? ref.get(diff) : "end") + "> but the woven generator gave <"
                + (diff < woven.size() ? woven.get(diff) : "end") + ">", ops, ref, woven);
    }

    static Object call(Method m) throws Exception {
        try {
            return m.invoke(null);
        } catch (InvocationTargetException e) {
            throw RefGen.sneaky(e.getCause());
        }
    }

    /** Defines the classes of one batch. */
    static final class MemoryLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name.replace('.', '/'));
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
