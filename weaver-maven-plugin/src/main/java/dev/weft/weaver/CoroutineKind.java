package dev.weft.weaver;

/** The two kinds of coroutine, chosen by the declared return type of the method. */
enum CoroutineKind {
    /** Returns {@code dev.weft.Generator}: lazy, driven by next/send/throwInto/close. */
    GENERATOR("Ldev/weft/Generator;", "dev/weft/internal/GeneratorFrame"),
    /** Returns {@code dev.weft.Future}: starts at once, suspends at awaits of pending futures. */
    ASYNC("Ldev/weft/Future;", "dev/weft/internal/AsyncFrame");

    private final String returnDescriptor;
    private final String frameSuperclass;

    CoroutineKind(String returnDescriptor, String frameSuperclass) {
        this.returnDescriptor = returnDescriptor;
        this.frameSuperclass = frameSuperclass;
    }

    /** The runtime class the woven frame of this kind extends. */
    String frameSuperclass() {
        return frameSuperclass;
    }

    /**
     * The kind a method descriptor declares.
     *
     * @param methodDescriptor a method descriptor
     * @return the kind, or null when the return type is neither Generator nor Future
     */
    static CoroutineKind ofDescriptor(String methodDescriptor) {
        for (CoroutineKind kind : values()) {
            if (methodDescriptor.endsWith(")" + kind.returnDescriptor)) {
                return kind;
            }
        }
        return null;
    }
}
