package dev.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Counts calls of woven bodies, to test the cost of resumption by counting instead of timing. */
public final class ResumeCounter {
    private static long count;

    private ResumeCounter() {
    }

    /** Called first thing by every instrumented {@code resume()}. */
    public static void hit() {
        count++;
    }

    static long count() {
        return count;
    }

    static void reset() {
        count = 0;
    }

    /** Makes a frame class's {@code resume()} call {@link #hit()}. */
    static byte[] instrument(byte[] frameClass) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        new ClassReader(frameClass).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature,
                        exceptions);
                if (!"resume".equals(name)) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC,
                                "dev/weft/weaver/ResumeCounter", "hit", "()V", false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
