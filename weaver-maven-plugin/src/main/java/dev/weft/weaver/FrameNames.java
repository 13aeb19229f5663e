package dev.weft.weaver;

/**
 * How the frame classes the weaver generates are named: {@code Owner$weft$method}, beside their
 * coroutine's class. A class of its own, not part of {@link ClassWeaver}: listing a classes
 * directory needs this rule and nothing else, and calling into {@link ClassWeaver} would make the
 * JVM link and verify it, loading ASM's classes, in a rebuild that weaves nothing.
 */
final class FrameNames {
    /** Between a coroutine's class and method in the name of its frame class. */
    static final String SEPARATOR = "$weft$";

    private FrameNames() {
    }

    /**
     * The class a generated frame class belongs to.
     *
     * @param internalName a class's internal name
     * @return the internal name of its owner, or null when it is not a frame class
     */
    static String ownerOf(String internalName) {
        int at = internalName.indexOf(SEPARATOR);
        return at <= 0 ? null : internalName.substring(0, at);
    }
}
