package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access log's lines reach java.util.logging as the JDK's System.Logger bridge would hand
 * them over: same level, message and source ({@code Application logRequest}, the caller the JDK
 * finds by walking the stack), so the console shows the same bytes.
 */
class AccessLogTest {
    private final Logger access = Logger.getLogger("dev.weft.access");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord r) {
            records.add(r);
        }
        @Override public void flush() {
        }
        @Override public void close() {
        }
    };
    private Level oldLevel;

    @BeforeEach
    void attach() {
        oldLevel = access.getLevel();
        access.setLevel(Level.ALL);
        access.addHandler(handler);
    }

    @AfterEach
    void detach() {
        access.removeHandler(handler);
        access.setLevel(oldLevel);
    }

    @Test
    void aLineCarriesTheLevelMessageAndTheSourceTheJdkWouldInfer() {
        AccessLog.log(System.Logger.Level.INFO, "200 GET / (127.0.0.1) 0.52ms");
        AccessLog.log(System.Logger.Level.WARNING, "404 GET /x (127.0.0.1) 0.10ms");
        AccessLog.log(System.Logger.Level.ERROR, "500 GET /y (127.0.0.1) 1.00ms");
        assertEquals(List.of(Level.INFO, Level.WARNING, Level.SEVERE),
                records.stream().map(LogRecord::getLevel).toList());
        LogRecord r = records.get(0);
        assertEquals("200 GET / (127.0.0.1) 0.52ms", r.getMessage());
        assertEquals("dev.weft.web.Application", r.getSourceClassName());
        assertEquals("logRequest", r.getSourceMethodName());
        String line = new SimpleFormatter().format(r);
        assertTrue(line.contains("dev.weft.web.Application logRequest"), line);
        assertTrue(line.endsWith("INFO: 200 GET / (127.0.0.1) 0.52ms" + System.lineSeparator()), line);
    }

    @Test
    void theLoggersLevelDecidesWhatIsLogged() {
        access.setLevel(Level.WARNING);
        assertFalse(AccessLog.isLoggable(System.Logger.Level.INFO));
        assertTrue(AccessLog.isLoggable(System.Logger.Level.WARNING));
        assertTrue(AccessLog.isLoggable(System.Logger.Level.ERROR));
        access.setLevel(Level.OFF);
        assertFalse(AccessLog.isLoggable(System.Logger.Level.ERROR));
    }
}
