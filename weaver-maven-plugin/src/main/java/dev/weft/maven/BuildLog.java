package dev.weft.maven;

import dev.weft.weaver.DirectoryWeaver;

/** The one line a weaving goal logs: what it wove, or that there was nothing to weave. */
final class BuildLog {
    private BuildLog() {
    }

    /**
     * For example {@code weft: wove 1 coroutine method in 1 class (85 ms)}, or
     * {@code weft: nothing to weave (5000 class files unchanged, 12 ms)}.
     */
    static String summary(DirectoryWeaver.Summary summary) {
        StringBuilder line = new StringBuilder("weft: ");
        if (summary.methods().isEmpty()) {
            line.append("nothing to weave (");
            if (summary.examined() > 0) {
                line.append(count(summary.examined(), "class file")).append(" read, ");
            } else {
                line.append("no class file changed, ");
            }
        } else {
            line.append("wove ").append(count(summary.methods().size(), "coroutine method"))
                    .append(" in ").append(count(summary.classes(), "class")).append(" (");
        }
        if (summary.deleted() > 0) {
            line.append("deleted ").append(count(summary.deleted(), "stale frame class"))
                    .append(", ");
        }
        return line.append(summary.millis()).append(" ms)").toString();
    }

    private static String count(int n, String noun) {
        String plural = noun.endsWith("s") ? noun + "es" : noun + "s";
        return n + " " + (n == 1 ? noun : plural);
    }
}
