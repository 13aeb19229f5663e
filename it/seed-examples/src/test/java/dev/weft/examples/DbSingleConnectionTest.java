package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Seed example 3 on the embedded H2 database prints the description, then the rows. */
class DbSingleConnectionTest {

    @Test
    void printsDescriptionAndRows() {
        String transcript = Transcript.of(out -> DbSingleConnection.run(out, DbSettings.DEFAULT_URL));
        assertEquals("[HOST CHARACTER VARYING, LOGIN CHARACTER VARYING]\n"
                + "('127.0.0.1', 'root')\n"
                + "('localhost', 'root')\n", transcript);
    }

    @Test
    void runsAgainOnTheSameDatabase() {
        // The table is recreated, not appended to: a second run prints the same rows.
        String first = Transcript.of(out -> DbSingleConnection.run(out, DbSettings.DEFAULT_URL));
        assertEquals(first, Transcript.of(out -> DbSingleConnection.run(out, DbSettings.DEFAULT_URL)));
    }

    @Test
    void mainInlineAsALambdaPrintsTheSame() {
        assertEquals("[HOST CHARACTER VARYING, LOGIN CHARACTER VARYING]\n"
                + "('127.0.0.1', 'root')\n"
                + "('localhost', 'root')\n",
                Transcript.of(out -> DbSingleConnection.runInline(out, DbSettings.DEFAULT_URL)));
    }
}
