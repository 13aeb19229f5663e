package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The seed's async examples print what the Tornado programs print. */
class AsyncExamplesTest {

    @Test
    void asynSum() {
        assertEquals("begin calculate:sum 2+3\n"
                + "calculating the sum of 2+3:\n"
                + "after yielded\n"
                + "the 2+3=5\n", Transcript.of(AsyncSum::run));
    }

    @Test
    void spawnCallbackLogsTheFailureWithItsStackTraceAndTheLoopGoesOn() {
        assertSpawnTranscriptAndLog(SpawnCallback::run,
                "SpawnCallback.fireAndForget(SpawnCallback.java:");
    }

    @Test
    void spawnCallbackOfAnInlineLambdaDoesTheSameAndItsTracePointsAtTheLambda()
            throws IOException {
        int line = lineOf("src/main/java/dev/weft/examples/SpawnCallback.java", "INLINE-FAILS");
        assertSpawnTranscriptAndLog(SpawnCallback::runInline,
                "(SpawnCallback.java:" + line + ")");
    }

    private static void assertSpawnTranscriptAndLog(Consumer<PrintStream> example, String frame) {
        Logger logger = Logger.getLogger("dev.weft");
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        boolean parent = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        String transcript;
        try {
            transcript = Transcript.of(example);
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(parent);
        }
        assertEquals("spawned two coroutines; not waiting for them\n"
                + "worker: started\n"
                + "doomed: started\n"
                + "worker: finished\n"
                + "the loop is still running\n", transcript);
        assertEquals(1, records.size(), records.toString());
        LogRecord record = records.get(0);
        assertEquals(Level.SEVERE, record.getLevel());
        Throwable thrown = record.getThrown();
        assertEquals("doomed failed after its sleep", thrown.getMessage());
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertTrue(trace.toString().contains(frame), trace.toString());
    }

    private static int lineOf(String file, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in " + file);
    }

    @Test
    void runSync() {
        assertEquals("run_sync returned 42\n"
                + "run_sync raised IllegalArgumentException: no answer\n"
                + "loop running after run_sync: false\n", Transcript.of(RunSync::run));
    }

    @Test
    void runSyncOfInlineLambdasPrintsTheSame() {
        assertEquals(Transcript.of(RunSync::run), Transcript.of(RunSync::runInline));
        assertEquals("run_sync returned 42\n"
                + "run_sync raised IllegalArgumentException: no answer\n"
                + "loop running after run_sync: false\n", Transcript.of(RunSync::runInline));
    }
}
