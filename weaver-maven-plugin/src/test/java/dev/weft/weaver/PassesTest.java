package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.junit.jupiter.api.Test;

/**
 * Single passes on hand-built methods, so that each one's rule is seen apart from javac and the
 * rest of the pipeline: the frame layout, the relocation of uninitialized objects, the splitting
 * of try ranges around suspension points.
 */
class PassesTest {
    private static final TypeHierarchy HIERARCHY =
            TypeHierarchy.of(PassesTest.class.getClassLoader());
    private static final String GENERATOR = "Ldev/weft/Generator;";

    private static ClassNode owner() {
        ClassNode owner = new ClassNode();
        owner.version = V17;
        owner.access = ACC_PUBLIC;
        owner.name = "t/Owner";
        owner.superName = "java/lang/Object";
        owner.sourceFile = "Owner.java";
        return owner;
    }

    private static MethodNode method(String params, AbstractInsnNode... code) {
        MethodNode m = new MethodNode(ASM9, ACC_STATIC, "co", "(" + params + ")" + GENERATOR,
                null, null);
        for (AbstractInsnNode insn : code) {
            m.instructions.add(insn);
        }
        m.maxLocals = 10;
        m.maxStack = 10;
        return m;
    }

    private static MethodInsnNode yieldCall() {
        return new MethodInsnNode(INVOKESTATIC, "dev/weft/Co", "yield",
                "(Ljava/lang/Object;)Ljava/lang/Object;", false);
    }

    private static List<SuspensionPoint> points(ClassNode owner, CoroutineMethod coroutine)
            throws AnalyzerException {
        Frame<BasicValue>[] frames = new FrameAnalysis(HIERARCHY).analyze(owner,
                coroutine.method());
        List<WeaveError> errors = new ArrayList<>();
        List<SuspensionPoint> points = LegalityCheck.check(owner, coroutine, frames, errors);
        assertEquals(List.of(), errors);
        return points;
    }

    private static String describe(List<FrameLayout.Slot> slots) {
        List<String> out = new ArrayList<>();
        for (FrameLayout.Slot s : slots) {
            out.add(s.index() + ":" + s.type().getDescriptor() + "->" + s.field());
        }
        return String.join(" ", out);
    }

    // ---------------------------------------------------------------- frame layout

    @Test
    void frameLayoutTypesFieldsByCategoryAndSharesThemBetweenPoints() throws Exception {
        // static co(int, long): the first point holds the int, the long, a String and a null
        // local and has a double on the stack; the second only the long.
        MethodNode m = method("IJ",
                new LdcInsnNode("s"), new VarInsnNode(ASTORE, 3),
                new InsnNode(ACONST_NULL), new VarInsnNode(ASTORE, 4),
                new LdcInsnNode(2.5), new LdcInsnNode("first"), yieldCall(), new InsnNode(POP),
                new InsnNode(POP2),
                new InsnNode(ICONST_0), new VarInsnNode(ISTORE, 0),
                new LdcInsnNode("second"), yieldCall(), new InsnNode(POP),
                new InsnNode(ACONST_NULL), new InsnNode(ARETURN));
        ClassNode owner = owner();
        CoroutineMethod coroutine = new CoroutineMethod(m, CoroutineKind.GENERATOR, false);
        List<SuspensionPoint> points = points(owner, coroutine);
        RewritePlan plan = RewritePlan.of(owner, coroutine, "t/Owner$weft$co", points);

        assertEquals("0:I->i0 1:J->j0", describe(plan.start().locals()));
        FrameLayout.PointLayout first = plan.pointLayouts().get(0);
        assertEquals("0:I->i0 1:J->j0 3:Ljava/lang/String;->a0 4:Lnull;->null",
                describe(first.locals()));
        assertEquals("0:D->d0", describe(first.stack()));
        assertEquals(1, first.referenceFields());
        FrameLayout.PointLayout second = plan.pointLayouts().get(1);
        assertEquals("0:I->i0 1:J->j0 3:Ljava/lang/String;->a0 4:Lnull;->null",
                describe(second.locals()));
        assertEquals("", describe(second.stack()));
        List<String> fields = new ArrayList<>();
        for (String[] f : plan.layout().fields()) {
            fields.add(f[0] + " " + f[1]);
        }
        assertEquals(List.of("i0 I", "j0 J", "d0 D", "a0 Ljava/lang/Object;"), fields);
    }

    @Test
    void frameLayoutNeverSavesThisOfAnInstanceCoroutine() throws Exception {
        MethodNode m = method("Ljava/lang/String;", new VarInsnNode(ALOAD, 0),
                new LdcInsnNode("v"), yieldCall(), new InsnNode(POP), new InsnNode(POP),
                new InsnNode(ACONST_NULL), new InsnNode(ARETURN));
        m.access = ACC_PUBLIC;
        ClassNode owner = owner();
        CoroutineMethod coroutine = new CoroutineMethod(m, CoroutineKind.GENERATOR, false);
        RewritePlan plan = RewritePlan.of(owner, coroutine, "t/Owner$weft$co",
                points(owner, coroutine));
        assertEquals("1:Ljava/lang/String;->a0", describe(plan.start().locals()));
        assertEquals("1:Ljava/lang/String;->a0",
                describe(plan.pointLayouts().get(0).locals()));
        assertEquals("0:Lt/Owner;->a1", describe(plan.pointLayouts().get(0).stack()));
    }

    /**
     * The shape of fuzz program 21777 (seed 20261203): local 0 holds an {@code Integer}, then,
     * inside a try, javac's spill of a {@code new Integer} under construction. The handler is
     * reached with either, so to the JVM local 0 is top there (an initialized and an
     * uninitialized value do not merge), while ASM, which types {@code new} as initialized, says
     * {@code Integer}. With {@code respill}, the handler spills a second object into local 0
     * before suspending, as the catch of the fuzz program did: the relocation removes that store,
     * which leaves the merged value in local 0 at the suspension point.
     */
    private static MethodNode uninitializedMergedIntoAHandler(boolean respill) {
        LabelNode tryStart = new LabelNode();
        LabelNode tryEnd = new LabelNode();
        LabelNode handler = new LabelNode();
        InsnList code = new InsnList();
        code.add(new TypeInsnNode(NEW, "java/lang/Integer"));
        code.add(new InsnNode(DUP));
        code.add(new InsnNode(ICONST_1));
        code.add(new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V", false));
        code.add(new VarInsnNode(ASTORE, 0));
        code.add(tryStart);
        code.add(new TypeInsnNode(NEW, "java/lang/Integer"));
        code.add(new VarInsnNode(ASTORE, 0));
        code.add(new VarInsnNode(ALOAD, 0));
        code.add(new InsnNode(ICONST_5));
        code.add(new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V", false));
        code.add(tryEnd);
        code.add(new InsnNode(ACONST_NULL));
        code.add(new InsnNode(ARETURN));
        code.add(handler);
        code.add(new VarInsnNode(ASTORE, 1));
        if (respill) {
            code.add(new TypeInsnNode(NEW, "java/lang/Integer"));
            code.add(new VarInsnNode(ASTORE, 0));
        }
        code.add(new LdcInsnNode("x"));
        code.add(yieldCall());
        if (respill) {
            code.add(new TypeInsnNode(CHECKCAST, "java/lang/Integer"));
            code.add(new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I",
                    false));
            code.add(new VarInsnNode(ISTORE, 2));
            code.add(new VarInsnNode(ALOAD, 0));
            code.add(new VarInsnNode(ILOAD, 2));
            code.add(new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V",
                    false));
            code.add(new VarInsnNode(ALOAD, 0));
        } else {
            code.add(new InsnNode(POP));
            code.add(new VarInsnNode(ALOAD, 1));
        }
        code.add(new InsnNode(ARETURN));
        MethodNode m = method("");
        m.instructions = code;
        m.desc = "()Ljava/lang/Object;";
        m.maxLocals = 3;
        m.tryCatchBlocks.add(new TryCatchBlockNode(tryStart, tryEnd, handler,
                "java/lang/RuntimeException"));
        return m;
    }

    @Test
    void frameLayoutNeverSavesALocalThatIsTopToTheJvm() throws Exception {
        MethodNode m = uninitializedMergedIntoAHandler(false);
        ClassNode owner = owner();
        CoroutineMethod coroutine = new CoroutineMethod(m, CoroutineKind.GENERATOR, false);
        List<SuspensionPoint> points = points(owner, coroutine);
        assertNull(points.get(0).frame().getLocal(0).getType(),
                "local 0 is top at the yield: " + points.get(0).frame().getLocal(0));
        RewritePlan plan = RewritePlan.of(owner, coroutine, "t/Owner$weft$co", points);
        assertEquals("1:Ljava/lang/RuntimeException;->a0",
                describe(plan.pointLayouts().get(0).locals()));
    }

    @Test
    void aRelocationThatLeavesATopLocalAtASuspensionWeavesToCodeThatVerifies() {
        // the whole pipeline on the fuzz program's shape, as a class file; before the fix the
        // woven class did not verify ("Expected an object reference, but found .")
        ClassNode owner = owner();
        MethodNode m = uninitializedMergedIntoAHandler(true);
        m.desc = "()" + GENERATOR;
        m.invisibleAnnotations = new ArrayList<>(List.of(
                new org.objectweb.asm.tree.AnnotationNode(CoroutineFinder.ANNOTATION)));
        owner.methods.add(m);
        org.objectweb.asm.ClassWriter writer =
                new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
        owner.accept(writer);
        ClassWeaver.Result result = new ClassWeaver(HIERARCHY, (c, f, n) -> 0)
                .weave(writer.toByteArray());
        assertEquals(List.of(), result.errors());
        assertNotNull(result.woven());
        assertEquals(1, result.methods().size());
    }

    // ---------------------------------------------------------------- relocation

    /**
     * The shape of issue 13 as javac writes it: the new object and its copy spilled into locals
     * 0 and 1 before a try whose body suspends.
     */
    private static MethodNode spilledAcrossATry() {
        LabelNode tryStart = new LabelNode();
        LabelNode tryEnd = new LabelNode();
        LabelNode handler = new LabelNode();
        LabelNode join = new LabelNode();
        MethodNode m = method("",
                new TypeInsnNode(NEW, "java/lang/Integer"), new InsnNode(DUP),
                new VarInsnNode(ASTORE, 0), new VarInsnNode(ASTORE, 1),
                tryStart, new LdcInsnNode("x"), yieldCall(),
                new TypeInsnNode(CHECKCAST, "java/lang/Integer"),
                new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false),
                new VarInsnNode(ISTORE, 2), tryEnd,
                new VarInsnNode(ALOAD, 1), new VarInsnNode(ALOAD, 0), new VarInsnNode(ILOAD, 2),
                new JumpInsnNode(GOTO, join),
                handler, new VarInsnNode(ASTORE, 3), new InsnNode(ICONST_M1),
                new VarInsnNode(ISTORE, 2),
                new VarInsnNode(ALOAD, 1), new VarInsnNode(ALOAD, 0), new VarInsnNode(ILOAD, 2),
                join,
                new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V", false),
                new InsnNode(ARETURN));
        m.desc = "()Ljava/lang/Object;";
        m.tryCatchBlocks.add(new TryCatchBlockNode(tryStart, tryEnd, handler,
                "java/lang/RuntimeException"));
        m.maxLocals = 4;
        return m;
    }

    private static List<String> opcodes(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() >= 0) {
                String text = org.objectweb.asm.util.Printer.OPCODES[insn.getOpcode()];
                if (insn instanceof VarInsnNode v) {
                    text += " " + v.var;
                }
                out.add(text);
            }
        }
        return out;
    }

    @Test
    void relocationRemovesEveryCopyOfTheObjectAndMakesItAtItsConstructor() throws Exception {
        MethodNode m = spilledAcrossATry();
        List<WeaveError> errors = new ArrayList<>();
        assertTrue(UninitializedRelocation.apply(owner(), m, errors));
        assertEquals(List.of(), errors);
        assertEquals(List.of("LDC", "INVOKESTATIC", "CHECKCAST", "INVOKEVIRTUAL", "ISTORE 2",
                "ILOAD 2", "GOTO",
                "ASTORE 3", "ICONST_M1", "ISTORE 2", "ILOAD 2",
                // the argument into a fresh local (4), the object and the copy the code
                // kept on the stack, plus one for each local that held it (0 and 1)
                "ISTORE 4", "NEW", "DUP", "DUP", "DUP", "ILOAD 4", "INVOKESPECIAL",
                "ASTORE 0", "ASTORE 1", "ARETURN"), opcodes(m));
        assertEquals(5, m.maxLocals);
        // and the result is code the analysis takes, with nothing uninitialized at the yield
        Frame<BasicValue>[] frames = new FrameAnalysis(HIERARCHY).analyze(owner(), m);
        int yield = m.instructions.indexOf(firstMarker(m));
        assertEquals(0, frames[yield].getStackSize() - 1);
        for (int i = 0; i < frames[yield].getLocals(); i++) {
            assertFalse(frames[yield].getLocal(i).isReference()
                    && "java/lang/Integer".equals(frames[yield].getLocal(i).getType()
                    .getInternalName()), "local " + i + " still holds the object");
        }
    }

    private static AbstractInsnNode firstMarker(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (Marker.of(insn) != null) {
                return insn;
            }
        }
        throw new AssertionError("no marker");
    }

    @Test
    void relocationLeavesAnObjectAloneThatIsNotAliveAtASuspension() {
        MethodNode m = method("",
                new TypeInsnNode(NEW, "java/lang/Integer"), new InsnNode(DUP),
                new VarInsnNode(ASTORE, 0), new VarInsnNode(ASTORE, 1),
                new VarInsnNode(ALOAD, 1), new VarInsnNode(ALOAD, 0), new InsnNode(ICONST_5),
                new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V", false),
                yieldCall(), new InsnNode(ARETURN));
        m.desc = "()Ljava/lang/Object;";
        List<String> before = opcodes(m);
        List<WeaveError> errors = new ArrayList<>();
        assertFalse(UninitializedRelocation.apply(owner(), m, errors));
        assertEquals(List.of(), errors);
        assertEquals(before, opcodes(m));
    }

    @Test
    void relocationLeavesAnObjectAloneThatIsOnlyInATopLocalAtASuspension() {
        // in the handler local 0 is the object on one path and an Integer on the others: top,
        // nothing reads it after the yield, so the object is not alive there
        MethodNode m = uninitializedMergedIntoAHandler(false);
        List<String> before = opcodes(m);
        List<WeaveError> errors = new ArrayList<>();
        assertFalse(UninitializedRelocation.apply(owner(), m, errors));
        assertEquals(List.of(), errors);
        assertEquals(before, opcodes(m));
    }

    @Test
    void relocationOfTheUsualShapeMovesNewAndDupAfterTheArguments() {
        // new Integer(Co.yield("x") as int): NEW; DUP; <suspending argument>; INVOKESPECIAL
        MethodNode m = method("",
                new TypeInsnNode(NEW, "java/lang/Integer"), new InsnNode(DUP),
                new LdcInsnNode("x"), yieldCall(), new TypeInsnNode(CHECKCAST, "java/lang/Integer"),
                new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false),
                new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V", false),
                new InsnNode(ARETURN));
        m.desc = "()Ljava/lang/Object;";
        m.maxLocals = 0;
        List<WeaveError> errors = new ArrayList<>();
        assertTrue(UninitializedRelocation.apply(owner(), m, errors));
        assertEquals(List.of("LDC", "INVOKESTATIC", "CHECKCAST", "INVOKEVIRTUAL", "ISTORE 0",
                "NEW", "DUP", "ILOAD 0", "INVOKESPECIAL", "ARETURN"), opcodes(m));
    }

    @Test
    void relocationReportsAnObjectThatIsNotTheSameOnEveryPath() {
        // two allocations meet at a join with a suspension after it: no single constructor
        // call can stand for both, so the weaver says so instead of guessing
        LabelNode other = new LabelNode();
        LabelNode join = new LabelNode();
        MethodNode m = method("I",
                new VarInsnNode(ILOAD, 0), new JumpInsnNode(IFEQ, other),
                new TypeInsnNode(NEW, "java/lang/Integer"), new JumpInsnNode(GOTO, join),
                other, new TypeInsnNode(NEW, "java/lang/Integer"),
                join, new LdcInsnNode("x"), yieldCall(), new InsnNode(POP), new InsnNode(DUP),
                new InsnNode(ICONST_5),
                new MethodInsnNode(INVOKESPECIAL, "java/lang/Integer", "<init>", "(I)V", false),
                new InsnNode(ARETURN));
        m.desc = "(I)Ljava/lang/Object;";
        List<WeaveError> errors = new ArrayList<>();
        assertFalse(UninitializedRelocation.apply(owner(), m, errors));
        assertEquals(2, errors.size());
        assertTrue(errors.get(0).message().contains("'new java.lang.Integer(...)'"),
                errors.get(0).message());
        assertTrue(errors.get(0).message().contains("not the same object on every path"),
                errors.get(0).message());
    }

    // ---------------------------------------------------------------- try ranges

    @Test
    void tryRangesAreSplitAroundTheSavingButKeepTheResumption() throws Exception {
        LabelNode tryStart = new LabelNode();
        LabelNode tryEnd = new LabelNode();
        LabelNode handler = new LabelNode();
        MethodNode m = method("",
                tryStart, new LdcInsnNode("x"), yieldCall(), new InsnNode(POP), tryEnd,
                new InsnNode(ACONST_NULL), new InsnNode(ARETURN),
                handler, new VarInsnNode(ASTORE, 0), new InsnNode(ACONST_NULL),
                new InsnNode(ARETURN));
        m.tryCatchBlocks.add(new TryCatchBlockNode(tryStart, tryEnd, handler,
                "java/lang/RuntimeException"));
        ClassNode owner = owner();
        CoroutineMethod coroutine = new CoroutineMethod(m, CoroutineKind.GENERATOR, false);
        RewritePlan plan = RewritePlan.of(owner, coroutine, "t/Owner$weft$co",
                points(owner, coroutine));
        MethodNode body = new StateMachineRewriter(plan).rewrite();

        InsnList code = body.instructions;
        AbstractInsnNode setLabel = null;
        AbstractInsnNode resumeValue = null;
        for (AbstractInsnNode insn : code) {
            if (insn instanceof FieldInsnNode f && f.name.equals("label")
                    && f.getOpcode() == PUTFIELD && f.getPrevious().getOpcode() == ICONST_1) {
                setLabel = insn;
            } else if (insn instanceof MethodInsnNode c && c.name.equals("resumeValue")) {
                resumeValue = insn;
            }
        }
        assertNotNull(setLabel);
        assertNotNull(resumeValue);
        assertEquals(2, body.tryCatchBlocks.size(), "one piece before the save, one after");
        for (TryCatchBlockNode block : body.tryCatchBlocks) {
            assertEquals("java/lang/RuntimeException", block.type);
            assertEquals(handler, block.handler);
            assertFalse(covers(code, block, setLabel), "the saving code is not covered");
        }
        assertTrue(covers(code, body.tryCatchBlocks.get(1), resumeValue),
                "what is thrown in at the resumption is caught by the user's handler");
    }

    private static boolean covers(InsnList code, TryCatchBlockNode block, AbstractInsnNode i) {
        return code.indexOf(block.start) < code.indexOf(i) && code.indexOf(i) < code.indexOf(
                block.end);
    }

    // ---------------------------------------------------------------- idioms

    @Test
    void aReferenceGoesUnderAWideValueWithDupX2AndPop() {
        assertEquals(List.of(DUP_X2, POP), opcodesOf(Idioms.swapUnder(Type.LONG_TYPE)));
        assertEquals(List.of(DUP_X2, POP), opcodesOf(Idioms.swapUnder(Type.DOUBLE_TYPE)));
        assertEquals(List.of(SWAP), opcodesOf(Idioms.swapUnder(Type.INT_TYPE)));
        assertEquals(List.of(SWAP), opcodesOf(Idioms.swapUnder(Type.getType(String.class))));
    }

    @Test
    void resumeLabelsArePushedWithTheShortestInstruction() {
        assertEquals(ICONST_M1, Idioms.pushInt(-1).getOpcode());
        assertEquals(ICONST_5, Idioms.pushInt(5).getOpcode());
        assertEquals(BIPUSH, Idioms.pushInt(6).getOpcode());
        assertEquals(BIPUSH, Idioms.pushInt(127).getOpcode());
        assertEquals(SIPUSH, Idioms.pushInt(128).getOpcode());
        assertEquals(SIPUSH, Idioms.pushInt(Short.MAX_VALUE).getOpcode());
        assertEquals(LDC, Idioms.pushInt(Short.MAX_VALUE + 1).getOpcode());
    }

    private static List<Integer> opcodesOf(InsnList code) {
        List<Integer> out = new ArrayList<>();
        for (AbstractInsnNode insn : code) {
            out.add(insn.getOpcode());
        }
        return out;
    }
}
