package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Pass 1: finds the coroutines of a class, and reports as errors the annotation where it cannot
 * work and suspension points outside coroutines.
 *
 * <p>A coroutine is a method annotated {@code @Coroutine}, or the body of a lambda that suspends
 * and returns {@code Generator} or {@code Future} (API.md §7): javac gives a lambda's body the
 * return type of its functional interface's method, so the kind follows it exactly as for a
 * method, and no annotation is needed (none could be written on a lambda).
 */
final class CoroutineFinder {
    static final String ANNOTATION = "Ldev/weft/Coroutine;";

    private final ToIntFunction<MethodNode> declarationLine;

    /**
     * @param declarationLine the source line of a method's declaration, 0 when unknown (methods
     *     without code, such as abstract ones, have no line in the class file)
     */
    CoroutineFinder(ToIntFunction<MethodNode> declarationLine) {
        this.declarationLine = declarationLine;
    }

    /** The coroutines of {@code owner}; problems are added to {@code errors}. */
    List<CoroutineMethod> find(ClassNode owner, List<WeaveError> errors) {
        List<CoroutineMethod> found = new ArrayList<>();
        LambdaBodies lambdas = LambdaBodies.of(owner);
        for (MethodNode method : owner.methods) {
            // javac copies the annotation onto bridge methods, which only call the real one.
            AnnotationNode annotation = (method.access & Opcodes.ACC_BRIDGE) != 0 ? null
                    : annotation(method);
            if (annotation == null) {
                CoroutineKind lambdaKind = CoroutineKind.ofDescriptor(method.desc);
                if (lambdas.contains(method) && lambdaKind != null && suspends(method)) {
                    found.add(new CoroutineMethod(method, lambdaKind, false));
                } else {
                    reportStrayMarkers(owner, method, lambdas.contains(method), errors);
                }
                continue;
            }
            String problem = problem(owner, method);
            if (problem != null) {
                errors.add(new WeaveError(owner.sourceFile, line(method), problem));
                continue;
            }
            found.add(new CoroutineMethod(method, CoroutineKind.ofDescriptor(method.desc),
                    primed(annotation)));
        }
        return found;
    }

    private String problem(ClassNode owner, MethodNode method) {
        String what = "@Coroutine " + describe(owner, method);
        if ("<init>".equals(method.name) || "<clinit>".equals(method.name)) {
            return what + ": a constructor or initializer cannot be a coroutine; "
                    + "move the body into a @Coroutine method and call it";
        }
        if ((method.access & Opcodes.ACC_ABSTRACT) != 0) {
            return what + " is abstract: annotate the implementing methods instead";
        }
        if ((method.access & Opcodes.ACC_NATIVE) != 0) {
            return what + " is native: only Java methods with a body can be coroutines";
        }
        if (CoroutineKind.ofDescriptor(method.desc) == null) {
            return what + " returns " + Type.getReturnType(method.desc).getClassName()
                    + ": a coroutine must return dev.weft.Generator<Y, S, R> (a generator) or "
                    + "dev.weft.Future<T> (an async coroutine)";
        }
        return null;
    }

    private static boolean suspends(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (Marker.of(insn) != null) {
                return true;
            }
        }
        return false;
    }

    private void reportStrayMarkers(ClassNode owner, MethodNode method, boolean lambda,
            List<WeaveError> errors) {
        for (AbstractInsnNode insn : method.instructions) {
            Marker marker = Marker.of(insn);
            if (marker != null) {
                errors.add(new WeaveError(owner.sourceFile, SourceLines.of(insn),
                        marker.source() + " " + (lambda ? inLambda(owner, method, marker)
                                : where(owner, method))));
            }
        }
    }

    private static String inLambda(ClassNode owner, MethodNode method, Marker marker) {
        Type returned = Type.getReturnType(method.desc);
        String target = marker.kind() == CoroutineKind.GENERATOR
                ? "Generator.of(() -> { ... })"
                : "IOLoop.runSync(() -> { ... }) or any Supplier<Future<T>>";
        return "inside " + describe(owner, method) + " whose functional interface returns "
                + (returned.getSort() == Type.VOID ? "void" : returned.getClassName())
                + ": only a lambda returning dev.weft.Generator (a generator) or dev.weft.Future "
                + "(an async coroutine) can suspend, and a lambda never suspends the coroutine "
                + "around it; give the lambda such a functional interface (as in " + target
                + "), or suspend in the enclosing coroutine itself (a for loop instead of "
                + "forEach, for instance)";
    }

    private static String where(ClassNode owner, MethodNode method) {
        if ("<init>".equals(method.name)) {
            return "in a constructor of " + simpleName(owner) + ": constructors cannot suspend; "
                    + "move the code into a @Coroutine method";
        }
        if ("<clinit>".equals(method.name)) {
            return "in a static initializer of " + simpleName(owner)
                    + ": initializers cannot suspend; move the code into a @Coroutine method";
        }
        return "in " + describe(owner, method) + ", which is not a @Coroutine"
                + (isAnonymousOrLocal(owner) ? " (a method of an anonymous or local class does"
                        + " not suspend the enclosing coroutine)" : "")
                + ": annotate it @Coroutine (returning Generator or Future)";
    }

    private static boolean isAnonymousOrLocal(ClassNode owner) {
        return owner.outerMethod != null || owner.nestHostClass != null && owner.name.matches(".*\\$\\d.*");
    }

    /** How messages name a method: {@code Examples.main()}, or {@code a lambda in ...}. */
    static String describe(ClassNode owner, MethodNode method) {
        String lambda = (method.access & Opcodes.ACC_SYNTHETIC) != 0
                ? LambdaBodies.describe(simpleName(owner), method.name) : null;
        return lambda != null ? lambda : simpleName(owner) + "." + method.name + "()";
    }

    private static String simpleName(ClassNode owner) {
        return owner.name.substring(owner.name.lastIndexOf('/') + 1);
    }

    private int line(MethodNode method) {
        int line = declarationLine.applyAsInt(method);
        return line > 0 ? line : SourceLines.first(method);
    }

    private static AnnotationNode annotation(MethodNode method) {
        for (List<AnnotationNode> list : List.of(nonNull(method.invisibleAnnotations),
                nonNull(method.visibleAnnotations))) {
            for (AnnotationNode a : list) {
                if (ANNOTATION.equals(a.desc)) {
                    return a;
                }
            }
        }
        return null;
    }

    private static boolean primed(AnnotationNode annotation) {
        List<Object> values = annotation.values;
        if (values != null) {
            for (int i = 0; i + 1 < values.size(); i += 2) {
                if ("primed".equals(values.get(i))) {
                    return Boolean.TRUE.equals(values.get(i + 1));
                }
            }
        }
        return false;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
