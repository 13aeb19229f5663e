package dev.weft.internal;

/** Names a woven frame after the user's method, for messages and logs. */
final class CoroutineNames {
    private static final String MARK = "$weft$";

    private CoroutineNames() {
    }

    /**
     * {@code com.x.Examples.fibonacci} for the frame class {@code com.x.Examples$weft$fibonacci}
     * (or {@code ...$weft$fibonacci$2} for an overload).
     *
     * @param frameClass the frame's class
     * @return the coroutine's qualified method name, or the class name if it is not a frame
     */
    static String of(Class<?> frameClass) {
        String name = frameClass.getName();
        int mark = name.lastIndexOf(MARK);
        if (mark < 0) {
            return name;
        }
        String method = name.substring(mark + MARK.length());
        int overload = method.indexOf('$');
        if (overload > 0 && method.substring(overload + 1).chars().allMatch(Character::isDigit)) {
            method = method.substring(0, overload);
        }
        return name.substring(0, mark) + "." + method;
    }
}
