package dev.weft.weaver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.util.Printer;

/**
 * Pass 1: moves {@code new X} to its constructor call when the object would otherwise be alive,
 * uninitialized, at a suspension point ({@code new Point(Co.yield(1), 2)}).
 *
 * <p>An object that is allocated but not yet initialized cannot be stored in a field, so it cannot
 * be saved across a suspension. javac emits {@code NEW X; DUP; <arguments>; INVOKESPECIAL
 * X.<init>}, and where the arguments hold a switch expression with a {@code try} inside it
 * first spills the operand stack, uninitialized objects included, into locals
 * ({@code NEW X; DUP; ASTORE a; ASTORE b; ... ALOAD b; ALOAD a; <arguments>}). This pass follows
 * every copy of such an object ({@link UninitializedValues}) and removes them all: the
 * {@code NEW}, the {@code DUP}s, the stores and loads of it. At the constructor call it stores the
 * arguments in fresh locals, allocates the object, makes as many copies as the original code had
 * there (on the stack, and in the locals that held it), reloads the arguments and calls the
 * constructor. The one visible difference: class {@code X} is initialized after its arguments are
 * evaluated instead of before.
 *
 * <p>Objects that are never alive across a suspension point are left as javac wrote them.
 */
final class UninitializedRelocation {

    /** The edits that move one allocation: what to delete, and the constructor calls. */
    private static final class Move {
        final List<AbstractInsnNode> erased = new ArrayList<>();
        final List<MethodInsnNode> constructors = new ArrayList<>();
        final List<Frame<UninitializedValues.Value>> constructorFrames = new ArrayList<>();
        String problem;
    }

    private UninitializedRelocation() {
    }

    /**
     * Moves the allocations of {@code method} that would be alive at a suspension point.
     *
     * @param owner its class
     * @param method the coroutine, changed in place
     * @param errors where code too unusual to rewrite is reported
     * @return whether the code changed
     */
    static boolean apply(ClassNode owner, MethodNode method, List<WeaveError> errors) {
        if (!hasAllocationAndMarker(method)) {
            return false;
        }
        UninitializedValues.Result analysis;
        try {
            analysis = UninitializedValues.analyze(owner.name, method);
        } catch (AnalyzerException e) {
            return false; // the frame analysis that follows reports malformed code, with its location
        }
        Map<TypeInsnNode, Move> moves = plan(method, analysis);
        boolean unusual = false;
        for (Map.Entry<TypeInsnNode, Move> entry : moves.entrySet()) {
            Move move = entry.getValue();
            if (move.problem != null) {
                unusual = true;
                errors.add(new WeaveError(owner.sourceFile, SourceLines.of(entry.getKey()),
                        "a suspension point while 'new " + Type.getObjectType(entry.getKey().desc)
                        .getClassName() + "(...)' is being constructed compiled to a shape the "
                        + "weaver cannot rewrite (" + move.problem + "); this is a weaver "
                        + "limitation, please report it; meanwhile evaluate the suspending "
                        + "argument into a local variable first"));
            }
        }
        if (unusual) {
            return false;
        }
        for (Map.Entry<TypeInsnNode, Move> entry : moves.entrySet()) {
            rewrite(method, entry.getKey(), entry.getValue());
        }
        return !moves.isEmpty();
    }

    private static boolean hasAllocationAndMarker(MethodNode method) {
        boolean allocation = false;
        boolean marker = false;
        for (AbstractInsnNode insn : method.instructions) {
            allocation |= insn.getOpcode() == Opcodes.NEW;
            marker |= Marker.of(insn) != null;
        }
        return allocation && marker;
    }

    /** The allocations alive at a suspension point, in code order, with their edits. */
    private static Map<TypeInsnNode, Move> plan(MethodNode method,
            UninitializedValues.Result analysis) {
        AbstractInsnNode[] insns = method.instructions.toArray();
        Frame<UninitializedValues.Value>[] frames = analysis.frames;
        Set<TypeInsnNode> spanning = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < insns.length; i++) {
            if (frames[i] != null && Marker.of(insns[i]) != null) {
                for (int j = 0; j < frames[i].getLocals(); j++) {
                    // a local that is the object on some paths only is top to the JVM: no
                    // valid code reads it again before writing it, so it keeps nothing alive
                    // (and FrameAnalysis makes it top, never saved)
                    TypeInsnNode allocation = frames[i].getLocal(j).allocation();
                    if (allocation != null) {
                        spanning.add(allocation);
                    }
                }
                for (int j = 0; j < frames[i].getStackSize(); j++) {
                    spanning.addAll(frames[i].getStack(j).allocations());
                }
            }
        }
        Map<TypeInsnNode, Move> moves = new LinkedHashMap<>();
        for (AbstractInsnNode insn : insns) {
            if (spanning.contains(insn)) {
                moves.put((TypeInsnNode) insn, new Move());
            }
        }
        for (int i = 0; i < insns.length; i++) {
            if (frames[i] != null) {
                classify(insns[i], frames[i], analysis.touches.get(insns[i]), moves);
            }
        }
        return moves;
    }

    /** Finds what one instruction does with the allocations being moved. */
    private static void classify(AbstractInsnNode insn, Frame<UninitializedValues.Value> frame,
            Set<TypeInsnNode> touched, Map<TypeInsnNode, Move> moves) {
        int opcode = insn.getOpcode();
        UninitializedValues.Value top = frame.getStackSize() > 0
                ? frame.getStack(frame.getStackSize() - 1) : null;
        if (opcode == Opcodes.NEW) {
            Move move = moves.get(insn);
            if (move != null) {
                move.erased.add(insn);
            }
        } else if (opcode == Opcodes.DUP || opcode == Opcodes.ASTORE || opcode == Opcodes.POP) {
            copyOrDrop(insn, top, moves);
        } else if (opcode == Opcodes.ALOAD) {
            copyOrDrop(insn, frame.getLocal(((VarInsnNode) insn).var), moves);
        } else if (insn instanceof MethodInsnNode call && opcode == Opcodes.INVOKESPECIAL
                && "<init>".equals(call.name)) {
            int receiver = frame.getStackSize() - Type.getArgumentTypes(call.desc).length - 1;
            Move move = moves.get(frame.getStack(receiver).allocation());
            if (move != null) {
                move.constructors.add(call);
                move.constructorFrames.add(frame);
                TypeInsnNode allocation = frame.getStack(receiver).allocation();
                for (int i = receiver - stackCopies(frame, receiver, allocation) - 1; i >= 0; i--) {
                    if (frame.getStack(i).mayBe(allocation) && move.problem == null) {
                        move.problem = "a copy of it is deep in the operand stack";
                    }
                }
            }
        }
        if (touched != null && opcode != Opcodes.DUP && opcode != Opcodes.ASTORE
                && opcode != Opcodes.ALOAD) {
            for (TypeInsnNode allocation : touched) {
                Move move = moves.get(allocation);
                if (move != null && move.problem == null) {
                    move.problem = "it is used by " + Printer.OPCODES[opcode];
                }
            }
        }
    }

    private static void copyOrDrop(AbstractInsnNode insn, UninitializedValues.Value value,
            Map<TypeInsnNode, Move> moves) {
        if (value == null) {
            return;
        }
        Move move = moves.get(value.allocation());
        if (move != null && value.mixed().isEmpty()) {
            move.erased.add(insn);
            return;
        }
        for (TypeInsnNode allocation : value.mixed()) {
            Move mixed = moves.get(allocation);
            if (mixed != null && mixed.problem == null) {
                mixed.problem = "it is not the same object on every path";
            }
        }
    }

    private static void rewrite(MethodNode method, TypeInsnNode allocation, Move move) {
        InsnList code = method.instructions;
        for (AbstractInsnNode insn : move.erased) {
            code.remove(insn);
        }
        for (int c = 0; c < move.constructors.size(); c++) {
            construct(method, allocation, move.constructors.get(c),
                    move.constructorFrames.get(c));
        }
    }

    /** How many copies of the object lie directly below the constructor's receiver. */
    private static int stackCopies(Frame<UninitializedValues.Value> frame, int receiver,
            TypeInsnNode allocation) {
        int copies = 0;
        while (receiver - copies - 1 >= 0
                && frame.getStack(receiver - copies - 1).allocation() == allocation) {
            copies++;
        }
        return copies;
    }

    /**
     * At the constructor call: the arguments into fresh locals, the object and its copies, the
     * arguments back, the call, and the copies that the original code kept in locals.
     */
    private static void construct(MethodNode method, TypeInsnNode allocation,
            MethodInsnNode constructor, Frame<UninitializedValues.Value> frame) {
        Type[] args = Type.getArgumentTypes(constructor.desc);
        int stackCopies = stackCopies(frame, frame.getStackSize() - args.length - 1, allocation);
        List<Integer> localCopies = new ArrayList<>();
        for (int i = 0; i < frame.getLocals(); i++) {
            if (frame.getLocal(i).allocation() == allocation) {
                localCopies.add(i);
            }
        }
        int[] slots = new int[args.length];
        int next = method.maxLocals;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        method.maxLocals = next;
        method.maxStack += localCopies.size() + 1;
        InsnList before = new InsnList();
        for (int i = args.length - 1; i >= 0; i--) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, allocation.desc));
        for (int i = 0; i < stackCopies + localCopies.size(); i++) {
            before.add(new InsnNode(Opcodes.DUP));
        }
        for (int i = 0; i < args.length; i++) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        method.instructions.insertBefore(constructor, before);
        InsnList after = new InsnList();
        for (int local : localCopies) {
            after.add(new VarInsnNode(Opcodes.ASTORE, local));
        }
        method.instructions.insert(constructor, after);
    }
}
