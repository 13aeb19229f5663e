package dev.weft.weaver;

import java.nio.charset.StandardCharsets;

/**
 * Looks for a name in a class file's bytes without parsing it. Names a class refers to are in
 * its constant pool as UTF-8, so a class that never mentions {@code dev/weft/Co} cannot contain a
 * coroutine, and one that does not mention the mark cannot be woven: both questions are answered
 * in microseconds, which is what lets the build and the agent skip almost every class.
 */
public final class ClassFileScan {
    private static final byte[] WEFT_MARKERS = bytes("dev/weft/Co");
    private static final byte[] WOVEN_MARK = bytes(ClassWeaver.WOVEN);

    private ClassFileScan() {
    }

    /**
     * Whether a class may contain coroutines or suspension points: it names {@code dev/weft/Co*}.
     *
     * @param classFile the class file
     * @return false only when the class certainly has nothing to weave
     */
    public static boolean mayNeedWeaving(byte[] classFile) {
        return contains(classFile, WEFT_MARKERS);
    }

    /**
     * Whether a class may carry the woven mark ({@code @dev.weft.internal.Woven}).
     *
     * @param classFile the class file
     * @return false only when the class is certainly not woven
     */
    public static boolean mayBeWoven(byte[] classFile) {
        return contains(classFile, WOVEN_MARK);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
