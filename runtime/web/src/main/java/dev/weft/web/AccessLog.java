package dev.weft.web;

/**
 * Where {@link Application#logRequest} writes its lines: the {@link System.Logger}
 * {@code dev.weft.access}. When that logger is backed by {@code java.util.logging} (the JDK's
 * default), a line is handed to {@code java.util.logging} directly with its source named
 * ({@code Application.logRequest}, the frame the JDK would find), because otherwise the formatter
 * walks the stack to find that caller for every line, and that walk was most of an access line's
 * cost. The record is the same either way: level, logger name, message and source; so the output
 * is byte-for-byte what it was. With any other {@link System.LoggerFinder} (SLF4J and the like) the
 * line goes through {@link System.Logger} as before. {@code java.util.logging} classes are only
 * loaded when the JDK's finder is the one in use, so an image without {@code java.logging} works.
 *
 * <p>Thread rules: any thread; the loggers are thread-safe.
 */
final class AccessLog {
    static final String NAME = "dev.weft.access";
    private static final System.Logger LOG = System.getLogger(NAME);
    /** The JDK's finder when {@code java.logging} backs System.Logger. */
    private static final boolean JUL = "sun.util.logging.internal.LoggingProviderImpl"
            .equals(finderClass());

    private AccessLog() {
    }

    private static String finderClass() {
        try {
            return System.LoggerFinder.getLoggerFinder().getClass().getName();
        } catch (RuntimeException e) { // a security manager may refuse: take the general path
            return "";
        }
    }

    /** @return whether a line at {@code level} would be written */
    static boolean isLoggable(System.Logger.Level level) {
        return JUL ? Jul.isLoggable(level) : LOG.isLoggable(level);
    }

    /** Writes {@code line} at {@code level}, as from {@code Application.logRequest}. */
    static void log(System.Logger.Level level, String line) {
        if (JUL) {
            Jul.log(level, line);
        } else {
            LOG.log(level, line);
        }
    }

    /** The {@code java.util.logging} path, in its own class so that it loads only when used. */
    private static final class Jul {
        /** Held here, so that a level set on it by the user is not lost to garbage collection. */
        private static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger(NAME);
        private static final String SOURCE_CLASS = Application.class.getName();

        private static java.util.logging.Level of(System.Logger.Level level) {
            // The JDK's own mapping for the three levels the access log uses.
            switch (level) {
                case INFO:
                    return java.util.logging.Level.INFO;
                case WARNING:
                    return java.util.logging.Level.WARNING;
                case ERROR:
                    return java.util.logging.Level.SEVERE;
                default:
                    throw new IllegalArgumentException("access log level " + level);
            }
        }

        static boolean isLoggable(System.Logger.Level level) {
            return LOGGER.isLoggable(of(level));
        }

        static void log(System.Logger.Level level, String line) {
            LOGGER.logp(of(level), SOURCE_CLASS, "logRequest", line);
        }
    }
}
