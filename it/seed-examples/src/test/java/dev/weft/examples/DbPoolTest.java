package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.IOLoop;
import dev.weft.sql.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed example 4 on the embedded H2 database: ten workers, ten one-second sleeps each, through a
 * pool of ten connections.
 */
class DbPoolTest {

    @Test
    void tenWorkersSleepTenTimesEachConcurrentlyAndOneConnectionStaysOpen() {
        String url = "jdbc:h2:mem:weft-seed-pool;DB_CLOSE_DELAY=-1";
        Pool pool = DbPool.newPool(url);
        long start = System.nanoTime();
        String transcript;
        try {
            transcript = Transcript.of(out -> DbPool.run(out, url, pool));
        } finally {
            IOLoop.current().runSync(pool::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        List<String> all = Arrays.asList(transcript.split("\n"));
        // The pool's own lines (pools.DEBUG = True) come between the example's.
        List<String> lines = DbPoolTranscript.exampleLines(all);
        assertEquals(10 * 10 * 2 + 1, lines.size(), transcript);
        DbPoolTranscript.assertPoolLines(all, 1);
        // Every worker prints its first line before any of them waits for the database.
        for (int n = 0; n < 10; n++) {
            assertEquals(n + " sleeping 1 seconds", lines.get(n));
        }
        // Each worker alternates: it sleeps, then prints the result of SLEEP, ten times.
        for (int n = 0; n < 10; n++) {
            List<String> own = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith(n + " ")) {
                    own.add(line);
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(n + " sleeping 1 seconds");
                expected.add(n + " [(0,)]");
            }
            assertEquals(expected, own);
        }
        // tornado_mysql's POOL._opened_conns: max_idle_connections=1 keeps one open.
        assertEquals("1", lines.get(lines.size() - 1));
        assertTrue(pool.peakOpenConnections() <= 10, "opened " + pool.peakOpenConnections());
        // A functional check of concurrency, with a wide margin: serial sleeps would take 100 s.
        assertTrue(seconds > 9 && seconds < 40, "took " + seconds + " s");
    }
}
