package dev.weft.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Weaves one class file: the pipeline find coroutines (methods and lambdas) → call generator
 * lambdas directly → analyse frames → check legality → rewrite → verify.
 *
 * <p>A class with no {@code @Coroutine} method is returned untouched (byte for byte). A woven
 * class is marked, so that weaving it again changes nothing. Output is deterministic: it depends
 * only on the input bytes and the class hierarchy.
 */
public final class ClassWeaver {
    /** The invisible annotation that marks a woven class. */
    public static final String WOVEN = "Ldev/weft/internal/Woven;";
    /** Between a coroutine's class and method in the name of its frame class. */
    public static final String FRAME_SEPARATOR = FrameNames.SEPARATOR;

    /** Where the declaration of a method is in the source, for errors on methods without code. */
    @FunctionalInterface
    public interface DeclarationLines {
        /**
         * The line a method is declared on.
         *
         * @param className the internal name of its class
         * @param sourceFile the class's source file name
         * @param method the method's name
         * @return the line, or 0 when unknown
         */
        int line(String className, String sourceFile, String method);
    }

    /**
     * One woven coroutine, for the build log.
     *
     * @param owner the class, internal name
     * @param method the method name and descriptor
     * @param lines the source lines of its suspension points, in order
     */
    public record WovenMethod(String owner, String method, List<Integer> lines) {
    }

    /**
     * The outcome of weaving one class.
     *
     * @param woven the new class file, or null when the class is unchanged
     * @param generated the frame classes to write beside it, by internal name
     * @param methods the woven coroutines
     * @param errors what makes the class impossible to weave (then nothing is written)
     */
    public record Result(byte[] woven, Map<String, byte[]> generated, List<WovenMethod> methods,
            List<WeaveError> errors) {
        static Result unchanged(List<WeaveError> errors) {
            return new Result(null, Map.of(), List.of(), errors);
        }
    }

    private final TypeHierarchy hierarchy;
    private final DeclarationLines declarationLines;
    private final boolean verify;

    /**
     * A weaver that verifies every class it writes (pass 5), as the build does.
     *
     * @param hierarchy the classes of the build, for frame types
     * @param declarationLines where methods are declared, for errors on methods without code
     */
    public ClassWeaver(TypeHierarchy hierarchy, DeclarationLines declarationLines) {
        this(hierarchy, declarationLines, true);
    }

    /**
     * @param hierarchy the classes of the build, for frame types
     * @param declarationLines where methods are declared, for errors on methods without code
     * @param verify whether to verify every class written (pass 5). The bytes are the same
     *        either way; only a weaver bug is reported differently: as a {@link WeaverBug} error
     *        naming the method when verified here, as the JVM's {@code VerifyError} when the
     *        class is loaded otherwise. The load-time agent leaves it to the JVM, which verifies
     *        every class it defines anyway: this pass was most of the agent's start-up cost.
     */
    public ClassWeaver(TypeHierarchy hierarchy, DeclarationLines declarationLines,
            boolean verify) {
        this.hierarchy = hierarchy;
        this.declarationLines = declarationLines;
        this.verify = verify;
    }

    /**
     * Weaves one class file. A failure inside a pass is a weaver bug: it comes back as an error
     * naming the class, method and line, with the input kept for a reproducer
     * ({@link WeaverBug}), never as an exception.
     *
     * @param classFile the class file
     * @return the woven class and its frame classes, or the errors
     */
    public Result weave(byte[] classFile) {
        WeaverBug.Progress at = new WeaverBug.Progress();
        try {
            return weave(classFile, at);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            return Result.unchanged(List.of(WeaverBug.report(classFile, at, e)));
        }
    }

    private Result weave(byte[] classFile, WeaverBug.Progress at) {
        if (!ClassFileScan.mayNeedWeaving(classFile)) {
            return Result.unchanged(List.of());
        }
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        at.className = owner.name;
        at.sourceFile = owner.sourceFile;
        if (isWoven(owner)) {
            return Result.unchanged(List.of());
        }
        List<WeaveError> errors = new ArrayList<>();
        CoroutineFinder finder = new CoroutineFinder(
                m -> declarationLines.line(owner.name, owner.sourceFile, m.name));
        at.pass("finding the coroutines");
        List<CoroutineMethod> coroutines = finder.find(owner, errors);
        if (coroutines.isEmpty()) {
            return Result.unchanged(located(owner, errors));
        }
        GeneratorOfInlining.apply(owner, coroutines);
        WeaveDump dump = WeaveDump.fromSystemProperty();
        Map<String, byte[]> generated = new LinkedHashMap<>();
        List<WovenMethod> report = new ArrayList<>();
        List<MethodNode> bodies = new ArrayList<>();
        Map<String, Integer> namesUsed = new HashMap<>();
        for (CoroutineMethod coroutine : coroutines) {
            MethodNode method = coroutine.method();
            String described = method.name + method.desc;
            int line = SourceLines.first(method);
            String before = dump != null ? WeaveDump.text(method) : null;
            String frameName = frameName(owner, method, namesUsed);
            List<SuspensionPoint> points = analyse(owner, coroutine, errors, at);
            if (points == null) {
                continue;
            }
            at.pass("frame layout", described, line);
            RewritePlan plan = RewritePlan.of(owner, coroutine, frameName, points);
            at.pass("state machine rewriting", described, line);
            MethodNode body = new StateMachineRewriter(plan).rewrite();
            bodies.add(body);
            at.pass("frame class generation", described, line);
            ClassNode frame = FrameClassGenerator.generate(plan);
            generated.put(frameName, write(frame));
            report.add(new WovenMethod(owner.name, described,
                    points.stream().map(SuspensionPoint::line).toList()));
            if (dump != null) {
                at.pass("dump (-Dweft.dump)", described, line);
                dumpMethod(dump, before, plan, body, frame, errors);
            }
        }
        if (!errors.isEmpty()) {
            return Result.unchanged(located(owner, errors));
        }
        at.pass("writing the woven class", null, 0);
        owner.methods.addAll(bodies);
        if (owner.invisibleAnnotations == null) {
            owner.invisibleAnnotations = new ArrayList<>();
        }
        owner.invisibleAnnotations.add(new AnnotationNode(WOVEN));
        byte[] woven = write(owner);
        if (verify) {
            at.pass("verifying the woven classes");
            WovenClassVerifier verifier = new WovenClassVerifier(hierarchy);
            verify(verifier, owner, owner.name, woven, errors);
            generated.forEach((name, bytes) -> verify(verifier, owner, name, bytes, errors));
            if (!errors.isEmpty()) {
                return Result.unchanged(located(owner, errors));
            }
        }
        return new Result(woven, generated, report, errors);
    }

    private static void dumpMethod(WeaveDump dump, String before, RewritePlan plan,
            MethodNode body, ClassNode frame, List<WeaveError> errors) {
        try {
            dump.write(before, plan, plan.coroutine().method(), body, frame);
        } catch (java.io.UncheckedIOException e) {
            errors.add(new WeaveError(plan.owner().sourceFile, 0, e.getMessage() + ": "
                    + e.getCause().getMessage()));
        }
    }

    /**
     * Passes 1 to 3: relocation of uninitialized objects, frame analysis, legality.
     *
     * @return the suspension points, or null when there are errors
     */
    private List<SuspensionPoint> analyse(ClassNode owner, CoroutineMethod coroutine,
            List<WeaveError> errors, WeaverBug.Progress at) {
        int before = errors.size();
        MethodNode method = coroutine.method();
        String described = method.name + method.desc;
        at.pass("relocation of uninitialized objects", described, SourceLines.first(method));
        MethodNode original = copy(method);
        boolean relocated = UninitializedRelocation.apply(owner, method, errors);
        if (errors.size() > before) {
            return null;
        }
        at.pass("frame analysis", described, SourceLines.first(method));
        Frame<BasicValue>[] frames;
        try {
            frames = new FrameAnalysis(hierarchy).analyze(owner, method);
        } catch (AnalyzerException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // thrown inside the pass (ASM wraps it): not the user's code
            }
            if (relocated && analyses(owner, original)) {
                throw new IllegalStateException("the relocation of uninitialized objects made "
                        + "code the analyser refuses: " + e.getMessage(), e);
            }
            errors.add(new WeaveError(owner.sourceFile, SourceLines.of(e.node),
                    "cannot analyse " + CoroutineFinder.describe(owner, method) + ": "
                    + e.getMessage() + " (is every class it uses on the build's class path?)"));
            return null;
        }
        at.pass("legality check", described, SourceLines.first(method));
        List<SuspensionPoint> points = LegalityCheck.check(owner, coroutine, frames, errors);
        return errors.size() == before ? points : null;
    }

    /** Whether javac's own code analyses: if it does, a failure after a pass is the pass's. */
    private boolean analyses(ClassNode owner, MethodNode method) {
        try {
            new FrameAnalysis(hierarchy).analyze(owner, method);
            return true;
        } catch (AnalyzerException e) {
            return false;
        }
    }

    private static MethodNode copy(MethodNode method) {
        MethodNode copy = new MethodNode(Opcodes.ASM9, method.access, method.name, method.desc,
                method.signature, method.exceptions.toArray(new String[0]));
        method.accept(copy);
        return copy;
    }

    private void verify(WovenClassVerifier verifier, ClassNode owner, String name, byte[] bytes,
            List<WeaveError> errors) {
        String problem = verifier.verify(bytes);
        if (problem != null) {
            errors.add(new WeaveError(owner.sourceFile, 0, "internal weaver error: the woven class "
                    + name.replace('/', '.') + " does not verify (" + problem + "); please report "
                    + "it with this class file"));
        }
    }

    private byte[] write(ClassNode node) {
        HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
        node.accept(writer);
        return writer.toByteArray();
    }

    /**
     * The class a frame class was generated for.
     *
     * @param internalName an internal class name
     * @return the coroutine's class, or null when {@code internalName} is not a frame class
     */
    public static String frameOwner(String internalName) {
        return FrameNames.ownerOf(internalName);
    }

    private static String frameName(ClassNode owner, MethodNode method,
            Map<String, Integer> namesUsed) {
        String base = owner.name + FRAME_SEPARATOR + method.name;
        int n = namesUsed.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "$" + n;
    }

    /** Names the source file with its package folder, as it stands below a source root. */
    private static List<WeaveError> located(ClassNode owner, List<WeaveError> errors) {
        int slash = owner.name.lastIndexOf('/');
        String folder = slash < 0 ? "" : owner.name.substring(0, slash + 1);
        String file = owner.sourceFile != null ? owner.sourceFile
                : owner.name.substring(slash + 1) + ".class";
        return errors.stream().map(e -> new WeaveError(folder + file, e.line(), e.message()))
                .toList();
    }

    private static boolean isWoven(ClassNode owner) {
        if (owner.invisibleAnnotations != null) {
            for (AnnotationNode a : owner.invisibleAnnotations) {
                if (WOVEN.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }
}
