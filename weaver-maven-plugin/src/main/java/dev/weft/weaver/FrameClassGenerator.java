package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PROTECTED;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Generates the frame class of one coroutine: a subclass of the runtime's frame base class with
 * one typed field per saved value, a constructor taking the method's receiver and arguments, and
 * {@code resume()} calling the woven body in the owner class.
 */
final class FrameClassGenerator {
    static final String OWNER_FIELD = "owner";

    private FrameClassGenerator() {
    }

    /** The descriptor of the frame constructor: (owner if instance, then the parameters). */
    static String constructorDescriptor(ClassNode owner, CoroutineMethod coroutine) {
        List<Type> params = new ArrayList<>();
        if (!isStatic(coroutine)) {
            params.add(Type.getObjectType(owner.name));
        }
        params.addAll(List.of(Type.getArgumentTypes(coroutine.method().desc)));
        return Type.getMethodDescriptor(Type.VOID_TYPE, params.toArray(new Type[0]));
    }

    /** The descriptor of the woven body: it takes the frame and returns what it suspends with. */
    static String bodyDescriptor(String frameName) {
        return "(L" + frameName + ";)Ljava/lang/Object;";
    }

    static boolean isStatic(CoroutineMethod coroutine) {
        return (coroutine.method().access & ACC_STATIC) != 0;
    }

    /**
     * The frame class of a planned coroutine.
     *
     * @param plan its plan: the layout gives the fields, the start the constructor
     * @return the class
     */
    static ClassNode generate(RewritePlan plan) {
        ClassNode owner = plan.owner();
        CoroutineMethod coroutine = plan.coroutine();
        String frameName = plan.frameName();
        FrameLayout.PointLayout start = plan.start();
        FrameLayout layout = plan.layout();
        ClassNode frame = new ClassNode();
        frame.version = owner.version;
        frame.access = ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC;
        frame.name = frameName;
        frame.superName = coroutine.kind().frameSuperclass();
        frame.sourceFile = owner.sourceFile;
        boolean isStatic = isStatic(coroutine);
        if (!isStatic) {
            frame.fields.add(new FieldNode(ACC_FINAL | ACC_SYNTHETIC, OWNER_FIELD,
                    "L" + owner.name + ";", null, null));
        }
        for (String[] field : layout.fields()) {
            frame.fields.add(new FieldNode(ACC_SYNTHETIC, field[0], field[1], null, null));
        }
        frame.methods.add(constructor(owner, coroutine, start, frameName));
        frame.methods.add(resume(owner, coroutine, frameName));
        return frame;
    }

    private static MethodNode constructor(ClassNode owner, CoroutineMethod coroutine,
            FrameLayout.PointLayout start, String frameName) {
        MethodNode init = new MethodNode(0, "<init>", constructorDescriptor(owner, coroutine),
                null, null);
        init.instructions.add(new VarInsnNode(ALOAD, 0));
        init.instructions.add(new MethodInsnNode(INVOKESPECIAL,
                coroutine.kind().frameSuperclass(), "<init>", "()V", false));
        int arg = 1;
        if (!isStatic(coroutine)) {
            init.instructions.add(new VarInsnNode(ALOAD, 0));
            init.instructions.add(new VarInsnNode(ALOAD, arg++));
            init.instructions.add(new org.objectweb.asm.tree.FieldInsnNode(PUTFIELD, frameName,
                    OWNER_FIELD, "L" + owner.name + ";"));
        }
        for (FrameLayout.Slot param : start.locals()) {
            init.instructions.add(new VarInsnNode(ALOAD, 0));
            init.instructions.add(new VarInsnNode(param.type().getOpcode(Opcodes.ILOAD), arg));
            init.instructions.add(new org.objectweb.asm.tree.FieldInsnNode(PUTFIELD, frameName,
                    param.field(), param.category().fieldType.getDescriptor()));
            arg += param.type().getSize();
        }
        init.instructions.add(new InsnNode(RETURN));
        return init;
    }

    private static MethodNode resume(ClassNode owner, CoroutineMethod coroutine,
            String frameName) {
        MethodNode resume = new MethodNode(ACC_PROTECTED | ACC_FINAL, "resume",
                "()Ljava/lang/Object;", null, null);
        String body = bodyDescriptor(frameName);
        String name = coroutine.method().name;
        boolean itf = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        if (isStatic(coroutine)) {
            resume.instructions.add(new VarInsnNode(ALOAD, 0));
            resume.instructions.add(new MethodInsnNode(INVOKESTATIC, owner.name, name, body, itf));
        } else {
            resume.instructions.add(new VarInsnNode(ALOAD, 0));
            resume.instructions.add(new org.objectweb.asm.tree.FieldInsnNode(GETFIELD, frameName,
                    OWNER_FIELD, "L" + owner.name + ";"));
            resume.instructions.add(new VarInsnNode(ALOAD, 0));
            resume.instructions.add(new MethodInsnNode(itf ? INVOKEINTERFACE : INVOKEVIRTUAL,
                    owner.name, name, body, itf));
        }
        resume.instructions.add(new InsnNode(ARETURN));
        return resume;
    }
}
