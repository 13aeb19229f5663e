package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.IOLoop;
import dev.weft.sql.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed examples 3 and 4, unchanged, on a real MariaDB server with MySQL's own SLEEP. */
class MariaDbSeedExamplesTest {
    private MariaDb db;

    @BeforeEach
    void connect() throws Exception {
        db = new MariaDb();
    }

    @AfterEach
    void disconnect() throws Exception {
        db.close();
    }

    @Test
    void singleConnectionPrintsDescriptionAndRows() {
        String transcript = MariaDb.transcript(out -> DbSingleConnection.run(out, MariaDb.URL));
        assertEquals("[Host VARCHAR, Login VARCHAR]\n"
                + "('127.0.0.1', 'root')\n"
                + "('localhost', 'root')\n", transcript);
    }

    @Test
    void tenWorkersSleepingOneSecondTenTimesTakeAboutTenSecondsOnAPoolOfTen() throws Exception {
        // Sessions the server still lists from earlier tests (a killed connection lingers for a
        // moment) are not this pool's: count only what comes on top of them.
        int before = db.sessions();
        Pool pool = DbPool.newPool(MariaDb.URL);
        String transcript;
        double seconds;
        int serverMax;
        int poolMax;
        try (MariaDb.Sampler server = new MariaDb.Sampler(db::sessions);
             MariaDb.Sampler open = new MariaDb.Sampler(pool::openConnections)) {
            long start = System.nanoTime();
            transcript = MariaDb.transcript(out -> DbPool.run(out, MariaDb.URL, pool));
            seconds = (System.nanoTime() - start) / 1e9;
            server.close();
            open.close();
            serverMax = server.max() - before;
            poolMax = open.max();
        } finally {
            IOLoop.current().runSync(pool::close);
        }

        List<String> all = Arrays.asList(transcript.split("\n"));
        // The pool's own lines (pools.DEBUG = True) come between the example's.
        List<String> lines = DbPoolTranscript.exampleLines(all);
        assertEquals(10 * 10 * 2 + 1, lines.size(), transcript);
        DbPoolTranscript.assertPoolLines(all, 1);
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
                expected.add(n + " [(0,)]"); // MySQL's SLEEP returns 0 when not interrupted
            }
            assertEquals(expected, own);
        }
        assertEquals("1", lines.get(lines.size() - 1), "one idle connection left open");

        assertTrue(pool.peakOpenConnections() <= 10, "pool opened " + pool.peakOpenConnections());
        assertTrue(poolMax <= 10, "sampled open count " + poolMax);
        // The pool's own count above is exact. The server's list lags behind: a session the
        // client has closed stays listed until the server has processed its quit, so a recycled
        // connection and its replacement can be seen side by side for a moment. Past the ten
        // open ones, the server may only list sessions the pool has already closed.
        long closedByPool = all.stream().filter(l -> l.contains("recycled") || l.contains("closed")).count();
        assertTrue(serverMax <= 10 + closedByPool, "the server saw " + serverMax
                + " connections at once, with " + closedByPool + " closed by the pool");
        assertTrue(serverMax >= 2, "the sleeps overlapped on the server: " + serverMax);
        // Functional, with a wide margin: one connection at a time would take 100 s.
        assertTrue(seconds > 9 && seconds < 40, "took " + seconds + " s");
        System.out.printf("weft: seed 4 on MariaDB, 10 workers x 10 x SLEEP(1): %.2f s,"
                + " at most %d connections on the server%n", seconds, serverMax);
    }
}
