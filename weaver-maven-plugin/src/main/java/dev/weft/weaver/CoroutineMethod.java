package dev.weft.weaver;

import org.objectweb.asm.tree.MethodNode;

/**
 * A method annotated {@code @Coroutine}, as found by {@link CoroutineFinder}.
 *
 * @param method the method
 * @param kind generator or async, from its return type
 * @param primed whether {@code @Coroutine(primed = true)}
 */
record CoroutineMethod(MethodNode method, CoroutineKind kind, boolean primed) {
}
