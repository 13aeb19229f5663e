package dev.weft.weaver;

import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Calls a generator lambda's factory directly where its {@code Supplier} only goes into
 * {@code Generator.of}: {@code Generator.of(() -> { ... })} becomes the call of the lambda's
 * method with its captured values, which is exactly what {@code Generator.of(body)} does
 * ({@code body.get()}), without the {@code Supplier} object in between.
 *
 * <p>Why: {@code Generator.of}'s {@code body.get()} is one call site for every lambda of the
 * program, too polymorphic for the JIT to inline; the frame then escapes into the heap where the
 * same body in a {@code @Coroutine} method is scalar-replaced, and each element costs several
 * times more. Called directly, a lambda generator costs what the method costs.
 *
 * <p>Only the exact shape javac writes is changed: a {@code LambdaMetafactory} call making a
 * {@code Supplier} from a lambda of this class that is being woven as a generator, immediately
 * followed by {@code Generator.of}. Anything else (a Supplier stored first, a serializable
 * lambda's cast) is left as it is and still works, through {@code Generator.of}.
 */
final class GeneratorOfInlining {
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final String SUPPLIER = "java/util/function/Supplier";
    private static final String GENERATOR = "dev/weft/Generator";

    private GeneratorOfInlining() {
    }

    /**
     * Rewrites every {@code Generator.of} of a woven generator lambda in {@code owner}.
     *
     * @param owner the class, before its coroutines are rewritten
     * @param coroutines the coroutines found in it
     */
    static void apply(ClassNode owner, List<CoroutineMethod> coroutines) {
        Set<String> generatorLambdas = new HashSet<>();
        for (CoroutineMethod c : coroutines) {
            if (c.kind() == CoroutineKind.GENERATOR) {
                generatorLambdas.add(c.method().name + c.method().desc);
            }
        }
        if (generatorLambdas.isEmpty()) {
            return;
        }
        for (MethodNode method : owner.methods) {
            List<InvokeDynamicInsnNode> sites = new ArrayList<>();
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy
                        && direct(owner, indy, generatorLambdas) != null) {
                    sites.add(indy);
                }
            }
            for (InvokeDynamicInsnNode indy : sites) {
                MethodInsnNode call = direct(owner, indy, generatorLambdas);
                method.instructions.remove(indy.getNext()); // Generator.of
                method.instructions.set(indy, call);
            }
        }
    }

    /** The direct call that replaces {@code indy} and the Generator.of after it, or null. */
    private static MethodInsnNode direct(ClassNode owner, InvokeDynamicInsnNode indy,
            Set<String> generatorLambdas) {
        if (!METAFACTORY.equals(indy.bsm.getOwner()) || !"get".equals(indy.name)
                || !Type.getReturnType(indy.desc).getInternalName().equals(SUPPLIER)
                || indy.bsmArgs.length < 3 || !(indy.bsmArgs[1] instanceof Handle impl)
                || !owner.name.equals(impl.getOwner())
                || !generatorLambdas.contains(impl.getName() + impl.getDesc())
                || !isGeneratorOf(indy.getNext())) {
            return null;
        }
        // The captured values on the stack must be exactly the method's receiver and arguments.
        List<Type> captured = Arrays.asList(Type.getArgumentTypes(indy.desc));
        List<Type> expected = new ArrayList<>();
        int opcode;
        switch (impl.getTag()) {
            case Opcodes.H_INVOKESTATIC -> opcode = INVOKESTATIC;
            case Opcodes.H_INVOKESPECIAL -> opcode = INVOKESPECIAL;
            case Opcodes.H_INVOKEVIRTUAL -> opcode = INVOKEVIRTUAL;
            case Opcodes.H_INVOKEINTERFACE -> opcode = INVOKEINTERFACE;
            default -> {
                return null;
            }
        }
        if (opcode != INVOKESTATIC) {
            expected.add(Type.getObjectType(owner.name));
        }
        expected.addAll(Arrays.asList(Type.getArgumentTypes(impl.getDesc())));
        if (!captured.equals(expected)) {
            return null;
        }
        return new MethodInsnNode(opcode, impl.getOwner(), impl.getName(), impl.getDesc(),
                impl.isInterface());
    }

    private static boolean isGeneratorOf(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.getOpcode() == INVOKESTATIC
                && GENERATOR.equals(call.owner) && "of".equals(call.name)
                && ("(L" + SUPPLIER + ";)L" + GENERATOR + ";").equals(call.desc);
    }
}
