package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads seed example 4's transcript: the example's own lines (a worker's, which start with its
 * number, and the final count) and the pool's DEBUG lines between them.
 */
final class DbPoolTranscript {
    private static final Pattern POOL_LINE = Pattern.compile(
            "(created|reused|kept|recycled|closed) [^(]*\\(open (\\d+), idle (\\d+), waiting (\\d+)\\)");

    private DbPoolTranscript() {
    }

    static List<String> exampleLines(List<String> transcript) {
        List<String> own = new ArrayList<>();
        for (String line : transcript) {
            if (!POOL_LINE.matcher(line).matches()) {
                own.add(line);
            }
        }
        return own;
    }

    /**
     * Checks the pool's lines as the seed's {@code pools.DEBUG} shows them: ten workers at once
     * open (or reuse) ten connections, every connection is recycled once older than three
     * seconds, and the ones created but not closed are those still open at the end.
     */
    static void assertPoolLines(List<String> transcript, int openAtEnd) {
        int created = 0;
        int reused = 0;
        int gone = 0;
        int recycled = 0;
        for (String line : transcript) {
            Matcher m = POOL_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            assertTrue(Integer.parseInt(m.group(2)) <= 10, "over maxOpenConnections: " + line);
            assertTrue(Integer.parseInt(m.group(3)) <= 1, "over maxIdleConnections: " + line);
            switch (m.group(1)) {
                case "created" -> created++;
                case "reused" -> reused++;
                case "recycled" -> {
                    recycled++;
                    gone++;
                }
                case "closed" -> gone++;
                default -> { }
            }
        }
        String all = String.join("\n", transcript);
        assertTrue(created >= 10, "ten workers ran at once on their own connections:\n" + all);
        assertTrue(reused > 0, "connections were reused:\n" + all);
        assertTrue(recycled > 0, "connections older than 3 s were recycled:\n" + all);
        assertEquals(openAtEnd, created - gone, "created minus closed is what stays open:\n" + all);
    }
}
