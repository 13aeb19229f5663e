package dev.weft.weaver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * An analysis that follows every object between its {@code new} and its constructor call: which
 * locals and stack entries hold it, uninitialized, before each instruction, and which instructions
 * touch it. The JVM's own rule, that the constructor call initializes every copy at once, is
 * followed too: after it the copies are ordinary values.
 *
 * <p>ASM's {@link BasicInterpreter} cannot say this: it types {@code new X} as an initialized
 * {@code X}. javac puts uninitialized objects into locals when a switch expression with a
 * {@code try} inside spills the operand stack, so following them through loads and stores is
 * what lets {@link UninitializedRelocation} find them wherever they are.
 */
final class UninitializedValues {

    /**
     * One value of the analysis.
     *
     * @param size 1 or 2 words
     * @param allocation the {@code new} whose uninitialized object this is, or null
     * @param mixed the allocations merged into a value that is not one of them on every path
     *     (instructions compare by identity: two {@code new X} are different objects)
     */
    record Value(int size, TypeInsnNode allocation, Set<TypeInsnNode> mixed)
            implements org.objectweb.asm.tree.analysis.Value {
        static final Value ONE = new Value(1, null, Set.of());
        static final Value TWO = new Value(2, null, Set.of());

        static Value ofSize(int size) {
            return size == 2 ? TWO : ONE;
        }

        @Override
        public int getSize() {
            return size;
        }

        /** Whether this value may be the uninitialized object of {@code allocation}. */
        boolean mayBe(TypeInsnNode allocation) {
            return this.allocation == allocation || mixed.contains(allocation);
        }

        /** The allocations this value may be uninitialized objects of. */
        Set<TypeInsnNode> allocations() {
            Set<TypeInsnNode> all = new HashSet<>(mixed);
            if (allocation != null) {
                all.add(allocation);
            }
            return all;
        }
    }

    /** What the analysis found. */
    static final class Result {
        final Frame<Value>[] frames;
        /** The instructions that use an uninitialized object, other than by its constructor. */
        final Map<AbstractInsnNode, Set<TypeInsnNode>> touches;

        Result(Frame<Value>[] frames, Map<AbstractInsnNode, Set<TypeInsnNode>> touches) {
            this.frames = frames;
            this.touches = touches;
        }
    }

    private UninitializedValues() {
    }

    /**
     * Analyses one method.
     *
     * @param owner the internal name of its class
     * @param method the method
     * @return the frames (null where unreachable) and the instructions touching new objects
     * @throws AnalyzerException when the code is malformed
     */
    static Result analyze(String owner, MethodNode method) throws AnalyzerException {
        Map<AbstractInsnNode, Set<TypeInsnNode>> touches = new HashMap<>();
        Tracking interpreter = new Tracking(touches);
        Analyzer<Value> analyzer = new Analyzer<>(interpreter) {
            @Override
            protected Frame<Value> newFrame(int numLocals, int numStack) {
                return new InitializingFrame(numLocals, numStack, touches);
            }

            @Override
            protected Frame<Value> newFrame(Frame<? extends Value> frame) {
                InitializingFrame copy = new InitializingFrame(frame.getLocals(),
                        frame.getMaxStackSize(), touches);
                copy.init(frame);
                return copy;
            }
        };
        return new Result(analyzer.analyze(owner, method), touches);
    }

    /** How many words of the stack each stack-shuffling instruction reads, by opcode. */
    static int wordsShuffled(int opcode) {
        switch (opcode) {
            case Opcodes.DUP_X1: case Opcodes.DUP2: case Opcodes.SWAP: case Opcodes.POP2:
                return 2;
            case Opcodes.DUP_X2: case Opcodes.DUP2_X1:
                return 3;
            case Opcodes.DUP2_X2:
                return 4;
            default:
                return 0;
        }
    }

    /**
     * The frame: the constructor call turns every copy of the object it initializes into an
     * ordinary value, and the stack shuffles (which ASM's frame does without asking the
     * interpreter for all the values they move) count as touches.
     */
    private static final class InitializingFrame extends Frame<Value> {
        private final Map<AbstractInsnNode, Set<TypeInsnNode>> touches;

        InitializingFrame(int numLocals, int numStack,
                Map<AbstractInsnNode, Set<TypeInsnNode>> touches) {
            super(numLocals, numStack);
            this.touches = touches;
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<Value> interpreter)
                throws AnalyzerException {
            int words = wordsShuffled(insn.getOpcode());
            for (int i = getStackSize() - 1; i >= 0 && words > 0; i--) {
                Value v = getStack(i);
                words -= v.size();
                if (!v.allocations().isEmpty()) {
                    touches.computeIfAbsent(insn, k -> new HashSet<>()).addAll(v.allocations());
                }
            }
            TypeInsnNode initialized = null;
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && "<init>".equals(call.name)) {
                int receiver = getStackSize() - Type.getArgumentTypes(call.desc).length - 1;
                initialized = receiver >= 0 ? getStack(receiver).allocation() : null;
            }
            super.execute(insn, interpreter);
            if (initialized != null) {
                for (int i = 0; i < getLocals(); i++) {
                    if (getLocal(i).allocation() == initialized) {
                        setLocal(i, Value.ONE);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (getStack(i).allocation() == initialized) {
                        setStack(i, Value.ONE);
                    }
                }
            }
        }
    }

    /**
     * Sizes come from ASM's {@link BasicInterpreter}, which looks only at the instruction; on top,
     * {@code new} makes an uninitialized value that copies keep, and every other use of one is a
     * touch.
     */
    private static final class Tracking extends Interpreter<Value> {
        private final BasicInterpreter basic = new BasicInterpreter();
        private final Map<AbstractInsnNode, Set<TypeInsnNode>> touches;

        Tracking(Map<AbstractInsnNode, Set<TypeInsnNode>> touches) {
            super(Opcodes.ASM9);
            this.touches = touches;
        }

        private Value sized(BasicValue v) {
            return v == null ? null : Value.ofSize(v.getSize());
        }

        private static BasicValue basic(Value v) {
            return v.size() == 2 ? BasicValue.LONG_VALUE : BasicValue.INT_VALUE;
        }

        private void touch(AbstractInsnNode insn, Value v) {
            if (!v.allocations().isEmpty() && !isConstructorReceiver(insn, v)) {
                touches.computeIfAbsent(insn, k -> new HashSet<>()).addAll(v.allocations());
            }
        }

        private static boolean isConstructorReceiver(AbstractInsnNode insn, Value v) {
            return insn instanceof MethodInsnNode call && "<init>".equals(call.name)
                    && v.allocation() != null && v.mixed().isEmpty()
                    && call.owner.equals(v.allocation().desc);
        }

        @Override
        public Value newValue(Type type) {
            return type == Type.VOID_TYPE ? null : sized(basic.newValue(type));
        }

        @Override
        public Value newOperation(AbstractInsnNode insn) throws AnalyzerException {
            if (insn.getOpcode() == Opcodes.NEW) {
                return new Value(1, (TypeInsnNode) insn, Set.of());
            }
            return sized(basic.newOperation(insn));
        }

        @Override
        public Value copyOperation(AbstractInsnNode insn, Value value) {
            touch(insn, value);
            return value;
        }

        @Override
        public Value unaryOperation(AbstractInsnNode insn, Value value) throws AnalyzerException {
            touch(insn, value);
            return sized(basic.unaryOperation(insn, basic(value)));
        }

        @Override
        public Value binaryOperation(AbstractInsnNode insn, Value value1, Value value2)
                throws AnalyzerException {
            touch(insn, value1);
            touch(insn, value2);
            return sized(basic.binaryOperation(insn, basic(value1), basic(value2)));
        }

        @Override
        public Value ternaryOperation(AbstractInsnNode insn, Value value1, Value value2,
                Value value3) throws AnalyzerException {
            touch(insn, value1);
            touch(insn, value2);
            touch(insn, value3);
            return sized(basic.ternaryOperation(insn, basic(value1), basic(value2),
                    basic(value3)));
        }

        @Override
        public Value naryOperation(AbstractInsnNode insn, List<? extends Value> values)
                throws AnalyzerException {
            for (int i = 0; i < values.size(); i++) {
                Value v = values.get(i);
                if (i == 0 && isConstructorReceiver(insn, v)) {
                    continue;
                }
                touch(insn, v);
            }
            return sized(basic.naryOperation(insn, values.stream().map(Tracking::basic).toList()));
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, Value value, Value expected) {
            touch(insn, value);
        }

        @Override
        public Value merge(Value value1, Value value2) {
            if (value1.equals(value2)) {
                return value1;
            }
            Set<TypeInsnNode> mixed = new HashSet<>(value1.allocations());
            mixed.addAll(value2.allocations());
            return new Value(value1.size() == value2.size() ? value1.size() : 1, null,
                    Set.copyOf(mixed));
        }
    }
}
