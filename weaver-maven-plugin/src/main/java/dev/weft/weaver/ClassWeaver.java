package dev.weft.weaver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
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
    public static final String FRAME_SEPARATOR = "$weft$";

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

    /**
     * @param hierarchy the classes of the build, for frame types
     * @param declarationLines where methods are declared, for errors on methods without code
     */
    public ClassWeaver(TypeHierarchy hierarchy, DeclarationLines declarationLines) {
        this.hierarchy = hierarchy;
        this.declarationLines = declarationLines;
    }

    /**
     * Weaves one class file.
     *
     * @param classFile the class file
     * @return the woven class and its frame classes, or the errors
     */
    public Result weave(byte[] classFile) {
        if (!ClassFileScan.mayNeedWeaving(classFile)) {
            return Result.unchanged(List.of());
        }
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        if (isWoven(owner)) {
            return Result.unchanged(List.of());
        }
        List<WeaveError> errors = new ArrayList<>();
        CoroutineFinder finder = new CoroutineFinder(
                m -> declarationLines.line(owner.name, owner.sourceFile, m.name));
        List<CoroutineMethod> coroutines = finder.find(owner, errors);
        if (coroutines.isEmpty()) {
            return Result.unchanged(located(owner, errors));
        }
        GeneratorOfInlining.apply(owner, coroutines);
        Map<String, byte[]> generated = new LinkedHashMap<>();
        List<WovenMethod> report = new ArrayList<>();
        List<MethodNode> bodies = new ArrayList<>();
        Map<String, Integer> namesUsed = new HashMap<>();
        for (CoroutineMethod coroutine : coroutines) {
            MethodNode method = coroutine.method();
            String frameName = frameName(owner, method, namesUsed);
            List<SuspensionPoint> points = analyse(owner, coroutine, errors);
            if (points == null) {
                continue;
            }
            FrameLayout layout = new FrameLayout();
            FrameLayout.PointLayout start = layout.parameters(method.access, method.desc);
            List<FrameLayout.PointLayout> pointLayouts = new ArrayList<>();
            for (SuspensionPoint point : points) {
                pointLayouts.add(layout.point(point, FrameClassGenerator.isStatic(coroutine)));
            }
            String described = method.name + method.desc;
            bodies.add(new StateMachineRewriter(owner, coroutine, points, layout, start,
                    pointLayouts, frameName).rewrite());
            ClassNode frame = FrameClassGenerator.generate(owner, coroutine, layout, start,
                    frameName);
            generated.put(frameName, write(frame));
            report.add(new WovenMethod(owner.name, described,
                    points.stream().map(SuspensionPoint::line).toList()));
        }
        if (!errors.isEmpty()) {
            return Result.unchanged(located(owner, errors));
        }
        owner.methods.addAll(bodies);
        if (owner.invisibleAnnotations == null) {
            owner.invisibleAnnotations = new ArrayList<>();
        }
        owner.invisibleAnnotations.add(new AnnotationNode(WOVEN));
        byte[] woven = write(owner);
        WovenClassVerifier verifier = new WovenClassVerifier(hierarchy);
        verify(verifier, owner, owner.name, woven, errors);
        generated.forEach((name, bytes) -> verify(verifier, owner, name, bytes, errors));
        if (!errors.isEmpty()) {
            return Result.unchanged(located(owner, errors));
        }
        return new Result(woven, generated, report, errors);
    }

    private List<SuspensionPoint> analyse(ClassNode owner, CoroutineMethod coroutine,
            List<WeaveError> errors) {
        int before = errors.size();
        UninitializedRelocation.apply(owner, coroutine.method(), errors);
        Frame<BasicValue>[] frames;
        try {
            frames = new FrameAnalysis(hierarchy).analyze(owner, coroutine.method());
        } catch (AnalyzerException e) {
            errors.add(new WeaveError(owner.sourceFile, SourceLines.of(e.node),
                    "cannot analyse " + CoroutineFinder.describe(owner, coroutine.method()) + ": "
                    + e.getMessage() + " (is every class it uses on the build's class path?)"));
            return null;
        }
        List<SuspensionPoint> points = LegalityCheck.check(owner, coroutine, frames, errors);
        return errors.size() == before ? points : null;
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
        int at = internalName.indexOf(FRAME_SEPARATOR);
        return at <= 0 ? null : internalName.substring(0, at);
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
