package dev.weft.weaver;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Which field of the frame class holds which local or stack value at each suspension point.
 *
 * <p>Fields are typed by JVM category (int, long, float, double, reference) so that primitive
 * locals are never boxed, and are shared between suspension points: a frame needs, per category,
 * only as many fields as the suspension point that saves the most values of that category.
 */
final class FrameLayout {

    /** A JVM value category and the field type that holds it. */
    enum Category {
        INT("i", Type.INT_TYPE), LONG("j", Type.LONG_TYPE), FLOAT("f", Type.FLOAT_TYPE),
        DOUBLE("d", Type.DOUBLE_TYPE), REFERENCE("a", Type.getType(Object.class));

        final String prefix;
        final Type fieldType;

        Category(String prefix, Type fieldType) {
            this.prefix = prefix;
            this.fieldType = fieldType;
        }

        static Category of(Type type) {
            switch (type.getSort()) {
                case Type.BOOLEAN: case Type.BYTE: case Type.CHAR: case Type.SHORT: case Type.INT:
                    return INT;
                case Type.LONG:
                    return LONG;
                case Type.FLOAT:
                    return FLOAT;
                case Type.DOUBLE:
                    return DOUBLE;
                default:
                    return REFERENCE;
            }
        }
    }

    /**
     * One saved value.
     *
     * @param index the local slot, or the stack position from the bottom
     * @param type its precise type; the null type when it is known to be null (no field)
     * @param field the frame field holding it, null when it is the constant null
     */
    record Slot(int index, Type type, String field) {
        Category category() {
            return Category.of(type);
        }

        boolean isNull() {
            return field == null;
        }
    }

    /**
     * What one suspension point saves.
     *
     * @param locals the live locals, by slot
     * @param stack the stack values below the marker's operands, bottom first
     * @param referenceFields how many reference fields it uses
     */
    record PointLayout(List<Slot> locals, List<Slot> stack, int referenceFields) {
    }

    private static final Type NULL_TYPE = Type.getObjectType("null");

    private final Map<Category, Integer> fieldCounts = new EnumMap<>(Category.class);

    /** The fields of the frame class: name to descriptor, in a fixed order. */
    List<String[]> fields() {
        List<String[]> fields = new ArrayList<>();
        for (Category c : Category.values()) {
            for (int i = 0; i < fieldCounts.getOrDefault(c, 0); i++) {
                fields.add(new String[] {c.prefix + i, c.fieldType.getDescriptor()});
            }
        }
        return fields;
    }

    /** How many reference fields the frame class has. */
    int referenceFields() {
        return fieldCounts.getOrDefault(Category.REFERENCE, 0);
    }

    /**
     * The layout of the start of the body: the method's parameters.
     *
     * @param access the method's access flags
     * @param descriptor the method's descriptor
     * @return the parameters as slots
     */
    PointLayout parameters(int access, String descriptor) {
        Allocation allocation = new Allocation();
        List<Slot> locals = new ArrayList<>();
        int slot = (access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type param : Type.getArgumentTypes(descriptor)) {
            locals.add(allocation.slot(slot, param));
            slot += param.getSize();
        }
        return allocation.finish(locals, List.of());
    }

    /**
     * The layout of one suspension point.
     *
     * @param point the point
     * @param isStatic whether the coroutine is static (otherwise slot 0, {@code this}, is kept by
     *     the frame's owner field and never saved)
     * @return the values it saves
     */
    PointLayout point(SuspensionPoint point, boolean isStatic) {
        Frame<BasicValue> frame = point.frame();
        Allocation allocation = new Allocation();
        List<Slot> locals = new ArrayList<>();
        for (int i = isStatic ? 0 : 1; i < frame.getLocals(); i++) {
            Type type = frame.getLocal(i).getType();
            if (type != null) {
                locals.add(allocation.slot(i, type));
            }
        }
        List<Slot> stack = new ArrayList<>();
        int below = frame.getStackSize() - point.marker().arguments();
        for (int i = 0; i < below; i++) {
            stack.add(allocation.slot(i, frame.getStack(i).getType()));
        }
        return allocation.finish(locals, stack);
    }

    /** Hands out the fields of one suspension point, first of each category first. */
    private final class Allocation {
        private final Map<Category, Integer> used = new EnumMap<>(Category.class);

        Slot slot(int index, Type type) {
            if (NULL_TYPE.equals(type)) {
                return new Slot(index, type, null);
            }
            if (type.getSort() == Type.METHOD) {
                throw new IllegalArgumentException("unexpected value type " + type);
            }
            Category c = Category.of(type);
            int n = used.merge(c, 1, Integer::sum) - 1;
            return new Slot(index, type, c.prefix + n);
        }

        PointLayout finish(List<Slot> locals, List<Slot> stack) {
            used.forEach((c, n) -> fieldCounts.merge(c, n, Math::max));
            return new PointLayout(locals, stack, used.getOrDefault(Category.REFERENCE, 0));
        }
    }
}
