package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_INTERFACE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.PUTFIELD;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass 4: turns a coroutine method into a state machine.
 *
 * <p>The method keeps its name, descriptor, annotations and parameter names but its code becomes
 * a factory that creates the frame object. Its original code moves into a synthetic <em>body</em>
 * method of the same name taking the frame, which starts with a dispatch on the frame's resume
 * label. Each suspension point becomes: save the live operand-stack values and locals into the
 * frame's fields, record the label, return to the driver; and, at the label: restore them and ask
 * the frame for the value sent in (or the exception thrown in). The saving and restoring code is
 * cut out of the user's try ranges, so that handlers see the user's locals whole, while the
 * resumption itself stays inside them, so that an exception thrown in is caught where the user's
 * code expects it. Line numbers and local variable names stay with the user's instructions.
 */
final class StateMachineRewriter {
    private static final String RESUME_VALUE = "resumeValue";
    private static final String OBJECT = "java/lang/Object";
    /** The label of a finished body, as the runtime's frame classes define it. */
    private static final int DONE = -1;

    private final ClassNode owner;
    private final CoroutineMethod coroutine;
    private final List<SuspensionPoint> points;
    private final FrameLayout layout;
    private final FrameLayout.PointLayout start;
    private final List<FrameLayout.PointLayout> pointLayouts;
    private final String frameName;
    private final int frameSlot;
    private final int tempSlot;
    private final List<LabelNode[]> excluded = new ArrayList<>();

    StateMachineRewriter(RewritePlan plan) {
        this.owner = plan.owner();
        this.coroutine = plan.coroutine();
        this.points = plan.points();
        this.layout = plan.layout();
        this.start = plan.start();
        this.pointLayouts = plan.pointLayouts();
        this.frameName = plan.frameName();
        MethodNode method = coroutine.method();
        int parameterSlot = FrameClassGenerator.isStatic(coroutine) ? 0 : 1;
        this.frameSlot = Math.max(method.maxLocals, parameterSlot + 1);
        this.tempSlot = frameSlot + 1;
    }

    /**
     * Rewrites the coroutine: its method becomes the factory, and the returned body method (to be
     * added to the owner class) holds the state machine.
     */
    MethodNode rewrite() {
        MethodNode method = coroutine.method();
        MethodNode body = moveCodeToBody(method);
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (insn.getOpcode() == ARETURN) {
                returns.add(insn);
            }
        }
        for (AbstractInsnNode ret : returns) {
            body.instructions.insertBefore(ret, setLabel(DONE));
        }
        LabelNode[] resumeLabels = new LabelNode[points.size() + 1];
        resumeLabels[0] = new LabelNode();
        for (int i = 0; i < points.size(); i++) {
            resumeLabels[i + 1] = suspensionPoint(body.instructions, points.get(i),
                    pointLayouts.get(i));
        }
        body.instructions.insert(prologue(resumeLabels));
        splitTryRanges(body);
        writeFactory(method, SourceLines.first(body));
        return body;
    }

    private MethodNode moveCodeToBody(MethodNode method) {
        boolean isInterface = (owner.access & ACC_INTERFACE) != 0;
        int access = ACC_SYNTHETIC | (method.access & ACC_STATIC)
                | (isInterface ? ACC_PUBLIC : 0)
                | (isInterface || (method.access & ACC_STATIC) != 0 ? 0 : ACC_FINAL);
        MethodNode body = new MethodNode(Opcodes.ASM9, access, method.name,
                FrameClassGenerator.bodyDescriptor(frameName), null, null);
        body.instructions = method.instructions;
        body.tryCatchBlocks = method.tryCatchBlocks;
        body.localVariables = method.localVariables;
        body.visibleLocalVariableAnnotations = method.visibleLocalVariableAnnotations;
        body.invisibleLocalVariableAnnotations = method.invisibleLocalVariableAnnotations;
        body.maxLocals = tempSlot + 1;
        body.maxStack = method.maxStack;
        method.instructions = new InsnList();
        method.tryCatchBlocks = new ArrayList<>();
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        return body;
    }

    /** Jumps to the resume label of the frame: the start, or one of the suspension points. */
    private InsnList prologue(LabelNode[] resumeLabels) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(ALOAD, FrameClassGenerator.isStatic(coroutine) ? 0 : 1));
        code.add(new VarInsnNode(ASTORE, frameSlot));
        code.add(new VarInsnNode(ALOAD, frameSlot));
        code.add(new FieldInsnNode(GETFIELD, frameName, "label", "I"));
        LabelNode corrupt = new LabelNode();
        code.add(new TableSwitchInsnNode(0, resumeLabels.length - 1, corrupt, resumeLabels));
        code.add(corrupt);
        code.add(new TypeInsnNode(NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(DUP));
        code.add(new LdcInsnNode("coroutine resumed after it finished"));
        code.add(new MethodInsnNode(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(ATHROW));
        code.add(resumeLabels[0]);
        code.add(restore(start));
        return code;
    }

    /**
     * Replaces one marker call with the suspension and the resumption.
     *
     * @return the label the dispatch jumps to on resumption
     */
    private LabelNode suspensionPoint(InsnList code, SuspensionPoint point,
            FrameLayout.PointLayout saved) {
        MethodInsnNode call = point.call();
        LabelNode saveStart = new LabelNode();
        LabelNode resume = new LabelNode();
        LabelNode restored = new LabelNode();
        LabelNode join = new LabelNode();
        InsnList replacement = new InsnList();
        switch (point.marker()) {
            case YIELD_NONE:
                replacement.add(new InsnNode(ACONST_NULL));
                replacement.add(suspend(saveStart, point, saved, null));
                break;
            case YIELD:
                DeferredBoxing.apply(code, call, frameName, frameSlot);
                replacement.add(suspend(saveStart, point, saved, null));
                break;
            case YIELD_FROM:
                replacement.add(suspend(saveStart, point, saved,
                        new MethodInsnNode(INVOKEVIRTUAL, frameName, "delegateTo",
                                "(Ldev/weft/Generator;)Ljava/lang/Object;", false)));
                break;
            case YIELD_FROM_ITERABLE:
                replacement.add(suspend(saveStart, point, saved,
                        new MethodInsnNode(INVOKEVIRTUAL, frameName, "delegateTo",
                                "(Ljava/lang/Iterable;)Ljava/lang/Object;", false)));
                break;
            case AWAIT:
            case AWAIT_STAGE:
                replacement.add(awaitFastPath(saveStart, point, saved, join));
                break;
            default:
                throw new AssertionError(point.marker());
        }
        replacement.add(resume);
        replacement.add(restore(saved));
        replacement.add(restored);
        replacement.add(new VarInsnNode(ALOAD, frameSlot));
        replacement.add(new MethodInsnNode(INVOKEVIRTUAL, frameName, RESUME_VALUE,
                "()Ljava/lang/Object;", false));
        if (!point.marker().returnsValue()) {
            replacement.add(new InsnNode(POP));
        }
        replacement.add(join);
        excluded.add(new LabelNode[] {saveStart, restored});
        code.insertBefore(call, replacement);
        code.remove(call);
        return resume;
    }

    /**
     * An await of a future that is already done does not suspend: it takes the result at once.
     * Otherwise the coroutine suspends and the frame subscribes itself to the future.
     */
    private InsnList awaitFastPath(LabelNode saveStart, SuspensionPoint point,
            FrameLayout.PointLayout saved, LabelNode join) {
        InsnList code = new InsnList();
        if (point.marker() == Marker.AWAIT_STAGE) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "dev/weft/Future", "from",
                    "(Ljava/util/concurrent/CompletionStage;)Ldev/weft/Future;", false));
        }
        code.add(new InsnNode(DUP));
        code.add(new MethodInsnNode(INVOKEVIRTUAL, "dev/weft/Future", "isDone", "()Z", false));
        LabelNode pending = new LabelNode();
        code.add(new JumpInsnNode(IFEQ, pending));
        code.add(new MethodInsnNode(INVOKEVIRTUAL, "dev/weft/Future", "result",
                "()Ljava/lang/Object;", false));
        code.add(new JumpInsnNode(GOTO, join));
        code.add(pending);
        code.add(suspend(saveStart, point, saved, new MethodInsnNode(INVOKEVIRTUAL, frameName,
                "suspendOn", "(Ldev/weft/Future;)Ljava/lang/Object;", false)));
        return code;
    }

    /**
     * Saves the frame and returns to the driver. The marker's operand (if any) is on top of the
     * stack; it is returned as the yielded value, or, when {@code handoff} is given, passed with
     * the frame to that frame method, whose result the body returns.
     */
    private InsnList suspend(LabelNode saveStart, SuspensionPoint point,
            FrameLayout.PointLayout saved, MethodInsnNode handoff) {
        InsnList code = new InsnList();
        code.add(saveStart);
        code.add(new VarInsnNode(ASTORE, tempSlot));
        List<FrameLayout.Slot> stack = saved.stack();
        for (int i = stack.size() - 1; i >= 0; i--) {
            FrameLayout.Slot slot = stack.get(i);
            if (slot.isNull()) {
                code.add(new InsnNode(POP));
                continue;
            }
            code.add(new VarInsnNode(ALOAD, frameSlot));
            code.add(Idioms.swapUnder(slot.type()));
            code.add(putField(slot));
        }
        for (FrameLayout.Slot slot : saved.locals()) {
            if (!slot.isNull()) {
                code.add(new VarInsnNode(ALOAD, frameSlot));
                code.add(new VarInsnNode(slot.type().getOpcode(Opcodes.ILOAD), slot.index()));
                code.add(putField(slot));
            }
        }
        for (int i = saved.referenceFields(); i < layout.referenceFields(); i++) {
            // Fields this point does not use may still hold values saved earlier: drop them, so
            // that a suspended coroutine keeps alive only what it will use.
            code.add(new VarInsnNode(ALOAD, frameSlot));
            code.add(new InsnNode(ACONST_NULL));
            code.add(new FieldInsnNode(PUTFIELD, frameName,
                    FrameLayout.Category.REFERENCE.prefix + i, "Ljava/lang/Object;"));
        }
        code.add(setLabel(point.number()));
        if (handoff != null) {
            code.add(new VarInsnNode(ALOAD, frameSlot));
        }
        code.add(new VarInsnNode(ALOAD, tempSlot));
        if (handoff != null) {
            code.add(handoff);
        }
        code.add(new InsnNode(ARETURN));
        return code;
    }

    /** Loads the saved locals back into their slots and pushes the saved stack values. */
    private InsnList restore(FrameLayout.PointLayout saved) {
        InsnList code = new InsnList();
        for (FrameLayout.Slot slot : saved.locals()) {
            code.add(load(slot));
            code.add(new VarInsnNode(slot.type().getOpcode(Opcodes.ISTORE), slot.index()));
        }
        for (FrameLayout.Slot slot : saved.stack()) {
            code.add(load(slot));
        }
        return code;
    }

    private InsnList load(FrameLayout.Slot slot) {
        InsnList code = new InsnList();
        if (slot.isNull()) {
            code.add(new InsnNode(ACONST_NULL));
            return code;
        }
        code.add(new VarInsnNode(ALOAD, frameSlot));
        code.add(new FieldInsnNode(GETFIELD, frameName, slot.field(),
                slot.category().fieldType.getDescriptor()));
        Type type = slot.type();
        if (slot.category() == FrameLayout.Category.REFERENCE
                && !OBJECT.equals(type.getInternalName())) {
            code.add(new TypeInsnNode(CHECKCAST, type.getSort() == Type.ARRAY
                    ? type.getDescriptor() : type.getInternalName()));
        }
        return code;
    }

    private FieldInsnNode putField(FrameLayout.Slot slot) {
        return new FieldInsnNode(PUTFIELD, frameName, slot.field(),
                slot.category().fieldType.getDescriptor());
    }

    private InsnList setLabel(int label) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(ALOAD, frameSlot));
        code.add(Idioms.pushInt(label));
        code.add(new FieldInsnNode(PUTFIELD, frameName, "label", "I"));
        return code;
    }

    /**
     * Cuts every saving and restoring sequence out of the try ranges that cover it: there the
     * locals are not the user's yet, and a handler's frame must not have to merge with that.
     */
    private void splitTryRanges(MethodNode body) {
        if (excluded.isEmpty() || body.tryCatchBlocks.isEmpty()) {
            return;
        }
        InsnList code = body.instructions;
        List<TryCatchBlockNode> split = new ArrayList<>();
        for (TryCatchBlockNode block : body.tryCatchBlocks) {
            LabelNode from = block.start;
            for (LabelNode[] gap : excluded) {
                int gapStart = code.indexOf(gap[0]);
                if (gapStart < code.indexOf(from) || code.indexOf(gap[1]) > code.indexOf(block.end)) {
                    continue;
                }
                if (gapStart > code.indexOf(from)) {
                    split.add(piece(block, from, gap[0]));
                }
                from = gap[1];
            }
            if (code.indexOf(from) < code.indexOf(block.end)) {
                split.add(piece(block, from, block.end));
            }
        }
        body.tryCatchBlocks = split;
    }

    private static TryCatchBlockNode piece(TryCatchBlockNode block, LabelNode from, LabelNode to) {
        TryCatchBlockNode piece = new TryCatchBlockNode(from, to, block.handler, block.type);
        piece.visibleTypeAnnotations = block.visibleTypeAnnotations;
        piece.invisibleTypeAnnotations = block.invisibleTypeAnnotations;
        return piece;
    }

    /** The method's new code: create the frame from the receiver and arguments, and return it. */
    private void writeFactory(MethodNode method, int firstLine) {
        InsnList code = new InsnList();
        LabelNode begin = new LabelNode();
        LabelNode end = new LabelNode();
        code.add(begin);
        if (firstLine > 0) {
            code.add(new LineNumberNode(firstLine, begin));
        }
        code.add(new TypeInsnNode(NEW, frameName));
        code.add(new InsnNode(DUP));
        int slot = 0;
        if (!FrameClassGenerator.isStatic(coroutine)) {
            code.add(new VarInsnNode(ALOAD, slot++));
        }
        for (Type param : Type.getArgumentTypes(method.desc)) {
            code.add(new VarInsnNode(param.getOpcode(Opcodes.ILOAD), slot));
            slot += param.getSize();
        }
        code.add(new MethodInsnNode(INVOKESPECIAL, frameName, "<init>",
                FrameClassGenerator.constructorDescriptor(owner, coroutine), false));
        if (coroutine.kind() == CoroutineKind.ASYNC) {
            code.add(new InsnNode(DUP));
            code.add(new MethodInsnNode(INVOKEVIRTUAL, frameName, "start", "()V", false));
        } else if (coroutine.primed()) {
            code.add(new MethodInsnNode(INVOKEVIRTUAL, frameName, "prime",
                    "()Ldev/weft/internal/GeneratorFrame;", false));
        }
        code.add(new InsnNode(ARETURN));
        code.add(end);
        method.instructions = code;
        method.localVariables = parameterVariables(method, begin, end, slot);
        method.maxLocals = slot;
        method.maxStack = slot + 3;
    }

    /** The factory keeps the names of the parameters, over its own code. */
    private static List<LocalVariableNode> parameterVariables(MethodNode method, LabelNode begin,
            LabelNode end, int parameterSlots) {
        List<LocalVariableNode> params = new ArrayList<>();
        if (method.localVariables == null) {
            return params;
        }
        boolean[] seen = new boolean[parameterSlots];
        for (LocalVariableNode v : method.localVariables) {
            if (v.index < parameterSlots && !seen[v.index]) {
                seen[v.index] = true;
                params.add(new LocalVariableNode(v.name, v.desc, v.signature, begin, end, v.index));
            }
        }
        return params;
    }
}
