package dev.weft.weaver;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The methods of a class that are bodies of lambdas: the synthetic methods javac writes for
 * lambda expressions, recognised by what the class does with them (each is the implementation
 * handed to {@code LambdaMetafactory} by an {@code invokedynamic} of the same class), not by
 * their names alone.
 *
 * <p>A lambda in code javac drops (a constant-false {@code if}) keeps its body method but loses
 * its {@code invokedynamic}: it is recognised by its javac name alone.
 *
 * <p>A method reference names the user's own method instead, which is a coroutine only if it is
 * annotated; javac's synthetic bridges for some method references never suspend themselves.
 */
final class LambdaBodies {
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    /** javac's names: {@code lambda$main$0}, {@code lambda$static$1}, {@code lambda$new$2}. */
    private static final Pattern JAVAC_NAME = Pattern.compile("lambda\\$(.+?)\\$(?:[0-9a-f]+\\$)?\\d+");

    private final Set<String> bodies = new HashSet<>();

    private LambdaBodies() {
    }

    /** The lambda bodies of {@code owner}. */
    static LambdaBodies of(ClassNode owner) {
        LambdaBodies found = new LambdaBodies();
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy
                        && METAFACTORY.equals(indy.bsm.getOwner())
                        && indy.bsmArgs.length > 1 && indy.bsmArgs[1] instanceof Handle impl
                        && owner.name.equals(impl.getOwner())) {
                    found.bodies.add(impl.getName() + impl.getDesc());
                }
            }
        }
        return found;
    }

    /**
     * Whether {@code method} is the body of a lambda written in this class: one an {@code
     * invokedynamic} of the class hands to the metafactory, or a synthetic method named as javac
     * names lambda bodies that nothing hands over. javac writes the body of a lambda that stands
     * in code it drops (under {@code if (false)} or any other constant-false condition) but no
     * {@code invokedynamic} for it; such a body is never called, yet it is valid Java and must
     * weave as the same lambda elsewhere would, not fail the build.
     */
    boolean contains(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0
                && (bodies.contains(method.name + method.desc)
                        || JAVAC_NAME.matcher(method.name).matches());
    }

    /**
     * How a user would name a lambda body in a message: {@code a lambda in Examples.main()}. Only
     * the name is looked at, so that messages of later passes can use it too.
     *
     * @param simpleClassName the class's simple name
     * @param method the method's name
     * @return the description, or null when {@code method} is not named as javac names lambdas
     */
    static String describe(String simpleClassName, String method) {
        Matcher m = JAVAC_NAME.matcher(method);
        if (!m.matches()) {
            return null;
        }
        return switch (m.group(1)) {
            case "static" -> "a lambda in a static initializer of " + simpleClassName;
            case "new" -> "a lambda in a constructor or field initializer of " + simpleClassName;
            default -> "a lambda in " + simpleClassName + "." + m.group(1) + "()";
        };
    }
}
