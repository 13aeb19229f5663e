package dev.weft.weaver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A pass before the analysis: moves {@code new X} after the evaluation of the constructor's
 * arguments when one of them suspends ({@code new Point(Co.yield(1), 2)}).
 *
 * <p>An object that is allocated but not yet initialized cannot be stored in a field, so it cannot
 * be saved across a suspension. javac emits {@code NEW X; DUP; <arguments>; INVOKESPECIAL
 * X.<init>}; where the arguments contain a suspension point this becomes {@code <arguments>;
 * (store them); NEW X; DUP; (load them); INVOKESPECIAL X.<init>}. The one visible difference: class
 * {@code X} is initialized after its arguments are evaluated instead of before.
 */
final class UninitializedRelocation {
    private UninitializedRelocation() {
    }

    static void apply(ClassNode owner, MethodNode method, List<WeaveError> errors) {
        Deque<TypeInsnNode> pending = new ArrayDeque<>();
        Map<TypeInsnNode, MethodInsnNode> constructorOf = new HashMap<>();
        Set<TypeInsnNode> spanning = new LinkedHashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.NEW) {
                pending.push((TypeInsnNode) insn);
            } else if (insn.getOpcode() == Opcodes.INVOKESPECIAL && !pending.isEmpty()
                    && isConstructorOf((MethodInsnNode) insn, pending.peek())) {
                constructorOf.put(pending.pop(), (MethodInsnNode) insn);
            } else if (Marker.of(insn) != null) {
                spanning.addAll(pending);
            }
        }
        for (TypeInsnNode allocation : spanning) {
            MethodInsnNode constructor = constructorOf.get(allocation);
            AbstractInsnNode dup = next(allocation);
            if (constructor == null || dup == null || dup.getOpcode() != Opcodes.DUP) {
                errors.add(new WeaveError(owner.sourceFile, SourceLines.of(allocation),
                        "a suspension point inside the arguments of 'new "
                        + Type.getObjectType(allocation.desc).getClassName() + "(...)' compiled "
                        + "to an unusual shape the weaver cannot rewrite; evaluate the suspending "
                        + "argument into a local variable first"));
                continue;
            }
            relocate(method, allocation, dup, constructor);
        }
    }

    private static boolean isConstructorOf(MethodInsnNode call, TypeInsnNode allocation) {
        return "<init>".equals(call.name) && call.owner.equals(allocation.desc);
    }

    private static AbstractInsnNode next(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private static void relocate(MethodNode method, TypeInsnNode allocation, AbstractInsnNode dup,
            MethodInsnNode constructor) {
        InsnList code = method.instructions;
        code.remove(dup);
        code.remove(allocation);
        Type[] args = Type.getArgumentTypes(constructor.desc);
        int[] slots = new int[args.length];
        int next = method.maxLocals;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        method.maxLocals = next;
        InsnList moved = new InsnList();
        for (int i = args.length - 1; i >= 0; i--) {
            moved.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        moved.add(new TypeInsnNode(Opcodes.NEW, allocation.desc));
        moved.add(new InsnNode(Opcodes.DUP));
        for (int i = 0; i < args.length; i++) {
            moved.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        code.insertBefore(constructor, moved);
    }
}
