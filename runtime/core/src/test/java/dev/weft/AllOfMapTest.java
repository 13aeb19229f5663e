package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** {@code Co.all(Map)}: Tornado's {@code multi} over a dict. */
class AllOfMapTest {

    @Test
    void resultsUnderTheirKeysInTheMapsIterationOrder() {
        Future<Integer> a = new Future<>();
        Future<Integer> b = new Future<>();
        Future<Void> c = new Future<>();
        Map<String, Future<?>> futures = new LinkedHashMap<>();
        futures.put("z", a);
        futures.put("a", b);
        futures.put("m", c);
        Future<Map<String, Object>> all = Co.all(futures);
        b.setResult(2);
        c.setResult(null);
        assertFalse(all.isDone());
        a.setResult(1);
        assertTrue(all.isDone());
        Map<String, Object> result = all.result();
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(result.keySet()));
        assertEquals(1, result.get("z"));
        assertEquals(2, result.get("a"));
        assertTrue(result.containsKey("m"));
        assertEquals(null, result.get("m"));
    }

    @Test
    void anEmptyMapIsAnEmptyMapAtOnce() {
        Future<Map<String, Integer>> all = Co.all(Map.<String, Future<Integer>>of());
        assertTrue(all.isDone());
        assertEquals(Map.of(), all.result());
    }

    @Test
    void waitsForEveryFutureThenFailsWithTheFirstFailureInIterationOrder() {
        Future<Integer> first = new Future<>();
        Future<Integer> second = new Future<>();
        Future<Integer> third = new Future<>();
        Map<Integer, Future<Integer>> futures = new TreeMap<>(Map.of(1, first, 2, second, 3, third));
        Future<Map<Integer, Integer>> all = Co.all(futures);
        IOException late = new IOException("second in order, failed first");
        second.setException(late);
        assertFalse(all.isDone(), "waits for every future, as the list form does");
        IllegalStateException early = new IllegalStateException("third");
        third.setException(early);
        first.setResult(1);
        assertSame(late, all.exception());
    }

    @Test
    void aCancelledFutureIsACancellationFailure() {
        Future<Integer> a = new Future<>();
        Future<Map<String, Integer>> all = Co.all(Map.of("a", a));
        a.cancel();
        assertInstanceOf(CancellationException.class, all.exception());
    }

    @Test
    void aNullFutureIsRefusedNamingItsKey() {
        Map<String, Future<Integer>> futures = new LinkedHashMap<>();
        futures.put("missing", null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> Co.all(futures));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void theResultIsANewMapIndependentOfTheArgument() {
        Map<String, Future<Integer>> futures = new LinkedHashMap<>();
        futures.put("x", Future.completed(1));
        Map<String, Integer> result = Co.all(futures).result();
        futures.put("y", Future.completed(2));
        assertEquals(Map.of("x", 1), result);
    }
}
