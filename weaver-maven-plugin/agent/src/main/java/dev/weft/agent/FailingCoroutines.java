package dev.weft.agent;

import dev.weft.weaver.WeaveError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * A class the build would refuse to weave, made to say so when used: every {@code @Coroutine}
 * method of it, and every method holding a line an error is about (a {@code Co.yield} in a
 * lambda, in a constructor, ...), throws {@code IllegalStateException} with the build's own
 * {@code File.java:LINE: ...} text, from that line. The rest of the class is left as javac wrote
 * it. Without this the class would load unwoven and fail later, far from the cause, with the
 * generic "was not woven" message.
 */
final class FailingCoroutines {
    private static final String COROUTINE = "Ldev/weft/Coroutine;";
    private static final String ISE = "java/lang/IllegalStateException";

    private FailingCoroutines() {
    }

    /**
     * @param classFile the class as javac wrote it
     * @param errors why it cannot be woven, located as the build locates them
     * @return the class with its failing methods replaced
     */
    static byte[] rewrite(byte[] classFile, List<WeaveError> errors) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, 0);
        for (MethodNode method : owner.methods) {
            if (method.instructions.size() == 0) {
                continue; // abstract or native: nothing runs, its implementations are checked
            }
            Set<Integer> lines = lines(method);
            List<WeaveError> own = new ArrayList<>();
            for (WeaveError e : errors) {
                if (lines.contains(e.line())) {
                    own.add(e);
                }
            }
            if (!own.isEmpty()) {
                fail(method, own.get(0).line(), text(own));
            } else if (isCoroutine(method)) {
                // A sound coroutine in a class the build refuses: it fails from its own first
                // line, saying what is wrong elsewhere in its class.
                fail(method, lines.stream().min(Integer::compare).orElse(0),
                        "the class of this coroutine cannot be woven:" + System.lineSeparator()
                        + text(errors));
            }
        }
        ClassWriter writer = new ClassWriter(0);
        owner.accept(writer);
        return writer.toByteArray();
    }

    /** The text the method throws, also what the agent prints: one error per line. */
    static String text(List<WeaveError> errors) {
        return errors.stream().map(WeaveError::toString)
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private static void fail(MethodNode method, int line, String text) {
        InsnList code = new InsnList();
        if (line > 0) {
            LabelNode start = new LabelNode();
            code.add(start);
            code.add(new LineNumberNode(line, start));
        }
        code.add(new TypeInsnNode(Opcodes.NEW, ISE));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new LdcInsnNode(text));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, ISE, "<init>",
                "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        method.instructions = code;
        method.tryCatchBlocks = new ArrayList<>();
        method.localVariables = null;
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        method.maxStack = 3;
        int arguments = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        method.maxLocals = (method.access & Opcodes.ACC_STATIC) != 0 ? arguments - 1 : arguments;
    }

    private static Set<Integer> lines(MethodNode method) {
        Set<Integer> lines = new HashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LineNumberNode n) {
                lines.add(n.line);
            }
        }
        return lines;
    }

    private static boolean isCoroutine(MethodNode method) {
        for (List<AnnotationNode> annotations : List.of(
                method.invisibleAnnotations == null ? List.<AnnotationNode>of()
                        : method.invisibleAnnotations,
                method.visibleAnnotations == null ? List.<AnnotationNode>of()
                        : method.visibleAnnotations)) {
            for (AnnotationNode a : annotations) {
                if (COROUTINE.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }
}
