package dev.weft.weaver;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * {@code -Dweft.dump=DIR}: for each woven method, a text file with its code as javac wrote it,
 * the frame layout at each suspension point, the factory and the body the weaver made of it, and
 * the frame class, all as ASM text (asm-util's {@link Textifier}). For reading what a pass did;
 * the woven classes are the same with or without it.
 *
 * <p>The file is {@code DIR/<binary class name>/<method name><descriptor>.txt} (characters a
 * file name cannot hold become {@code _}); a relative {@code DIR} is taken from the working
 * directory of the build.
 */
final class WeaveDump {
    /** The system property naming the dump folder; unset, nothing is written. */
    static final String PROPERTY = "weft.dump";

    private final Path folder;

    private WeaveDump(Path folder) {
        this.folder = folder;
    }

    /** The dump the system property asks for, or null. */
    static WeaveDump fromSystemProperty() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isBlank() ? null : new WeaveDump(Path.of(dir));
    }

    /** The code of a method as ASM text. */
    static String text(MethodNode method) {
        Textifier printer = new Textifier();
        method.accept(new TraceMethodVisitor(printer));
        return print(printer);
    }

    /** A whole class as ASM text. */
    static String text(ClassNode type) {
        Textifier printer = new Textifier();
        StringWriter out = new StringWriter();
        type.accept(new TraceClassVisitor(null, printer, new PrintWriter(out)));
        return out.toString();
    }

    private static String print(Textifier printer) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            printer.print(writer);
        }
        return out.toString();
    }

    /** The frame layout of a plan: which field keeps which value at each suspension point. */
    static String layout(RewritePlan plan) {
        StringBuilder text = new StringBuilder();
        text.append("start (label 0): ").append(describe(plan.start())).append('\n');
        for (int i = 0; i < plan.points().size(); i++) {
            SuspensionPoint point = plan.points().get(i);
            text.append("point ").append(point.number()).append(" (").append(point.marker()
                    .source()).append(", line ").append(point.line()).append("): ")
                    .append(describe(plan.pointLayouts().get(i))).append('\n');
        }
        return text.toString();
    }

    private static String describe(FrameLayout.PointLayout layout) {
        StringBuilder text = new StringBuilder("locals [");
        String sep = "";
        for (FrameLayout.Slot slot : layout.locals()) {
            text.append(sep).append(slot.index()).append(": ").append(slot(slot));
            sep = ", ";
        }
        text.append("], stack below the marker's operands [");
        sep = "";
        for (FrameLayout.Slot slot : layout.stack()) {
            text.append(sep).append(slot(slot));
            sep = ", ";
        }
        return text.append(']').toString();
    }

    private static String slot(FrameLayout.Slot slot) {
        return slot.type().getClassName() + (slot.isNull() ? " (null, not saved)"
                : " -> " + slot.field());
    }

    /**
     * Writes the dump of one woven method.
     *
     * @param before the method's code before any pass
     * @param plan the plan it was rewritten by
     * @param factory the method as woven: the factory
     * @param body the woven body
     * @param frame the frame class
     */
    void write(String before, RewritePlan plan, MethodNode factory, MethodNode body,
            ClassNode frame) {
        MethodNode method = plan.coroutine().method();
        String name = method.name + method.desc;
        StringBuilder text = new StringBuilder();
        text.append("# weft: ").append(plan.owner().name.replace('/', '.')).append('.')
                .append(name).append(", ").append(plan.coroutine().kind().name().toLowerCase())
                .append(", ").append(plan.points().size()).append(" suspension point(s)\n\n");
        text.append("## before: as javac wrote it\n").append(before).append('\n');
        text.append("## frame layout: what each resume label restores\n")
                .append(layout(plan)).append('\n');
        text.append("## after: the method, now the factory of its frame\n")
                .append(text(factory)).append('\n');
        text.append("## after: the body, dispatching on the resume label\n")
                .append(text(body)).append('\n');
        text.append("## after: the frame class\n").append(text(frame));
        Path file = folder.resolve(plan.owner().name.replace('/', '.'))
                .resolve(name.replaceAll("[^A-Za-z0-9._$-]", "_") + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("weft: cannot write the dump " + file, e);
        }
    }
}
