package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** The calls to {@code dev.weft.Co} that are suspension points, and what each one needs. */
enum Marker {
    /** {@code Co.yield(value)}. */
    YIELD("yield", "(Ljava/lang/Object;)Ljava/lang/Object;", CoroutineKind.GENERATOR),
    /** {@code Co.yield()}. */
    YIELD_NONE("yield", "()Ljava/lang/Object;", CoroutineKind.GENERATOR),
    /** {@code Co.yieldFrom(Generator)}. */
    YIELD_FROM("yieldFrom", "(Ldev/weft/Generator;)Ljava/lang/Object;", CoroutineKind.GENERATOR),
    /** {@code Co.yieldFrom(Iterable)}. */
    YIELD_FROM_ITERABLE("yieldFrom", "(Ljava/lang/Iterable;)V", CoroutineKind.GENERATOR),
    /** {@code Co.await(Future)}. */
    AWAIT("await", "(Ldev/weft/Future;)Ljava/lang/Object;", CoroutineKind.ASYNC),
    /** {@code Co.await(CompletionStage)}. */
    AWAIT_STAGE("await", "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;",
            CoroutineKind.ASYNC);

    static final String OWNER = "dev/weft/Co";

    private final String name;
    private final String descriptor;
    private final CoroutineKind kind;

    Marker(String name, String descriptor, CoroutineKind kind) {
        this.name = name;
        this.descriptor = descriptor;
        this.kind = kind;
    }

    /** The kind of coroutine this marker is legal in. */
    CoroutineKind kind() {
        return kind;
    }

    /** How many operands the call takes off the stack. */
    int arguments() {
        return descriptor.startsWith("()") ? 0 : 1;
    }

    /** Whether the call leaves a value on the stack. */
    boolean returnsValue() {
        return !descriptor.endsWith(")V");
    }

    /** How the user wrote it, for messages. */
    String source() {
        return "Co." + name;
    }

    /**
     * The marker an instruction calls.
     *
     * @param insn any instruction
     * @return the marker, or null when {@code insn} is not a call to one
     */
    static Marker of(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (!OWNER.equals(call.owner)) {
            return null;
        }
        for (Marker m : values()) {
            if (m.name.equals(call.name) && m.descriptor.equals(call.desc)) {
                return m;
            }
        }
        return null;
    }
}
