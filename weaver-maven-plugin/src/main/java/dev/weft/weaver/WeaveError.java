package dev.weft.weaver;

/**
 * A reason a class cannot be woven, located in the user's source.
 *
 * @param sourceFile the source file name, e.g. {@code Examples.java}
 * @param line the line, or 0 when unknown
 * @param message what is wrong and what to do instead
 */
public record WeaveError(String sourceFile, int line, String message) {

    @Override
    public String toString() {
        return sourceFile + ":" + (line > 0 ? Integer.toString(line) : "?") + ": " + message;
    }
}
