package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The implementations of the async helpers on {@link Co} (Tornado's {@code gen.sleep},
 * {@code gen.moment}, {@code gen.multi} over lists and dicts, and {@code gen.with_timeout}).
 *
 * <p>Thread rules: {@link #sleep}, {@link #moment} and {@link #withTimeout} use the calling thread's
 * {@link IOLoop#current() current} loop (creating one if needed), which must be running for them to
 * complete. {@link #all} needs no loop.
 */
final class AsyncHelpers {
    private AsyncHelpers() {
    }

    static Future<Void> sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Future<Void> f = new Future<>();
        IOLoop.current().callLater(delay, () -> f.trySetResult(null));
        return f;
    }

    static Future<Void> moment() {
        Future<Void> f = new Future<>();
        IOLoop.current().addCallback(() -> f.trySetResult(null));
        return f;
    }

    /**
     * Completes when every future is done, on the thread that completes the last one: with their
     * results in order, or with the first failure in list order (a cancelled child counts as a
     * {@link CancellationException} failure). Further failures are logged, as Tornado does.
     */
    @SuppressWarnings("unchecked")
    static <T> Future<List<T>> all(Collection<? extends Future<? extends T>> futures) {
        Future<? extends T>[] children = futures.toArray(new Future[0]);
        for (Future<? extends T> c : children) {
            Objects.requireNonNull(c, "a future in the collection is null");
        }
        Future<List<T>> result = new Future<>();
        if (children.length == 0) {
            result.setResult(new ArrayList<>());
            return result;
        }
        AtomicInteger remaining = new AtomicInteger(children.length);
        Consumer<Future<?>> onDone = done -> {
            if (remaining.decrementAndGet() == 0) {
                finishAll(children, result);
            }
        };
        for (Future<? extends T> c : children) {
            c.addDoneCallback(onDone);
        }
        return result;
    }

    /**
     * {@link #all(Collection)} over the map's values, in its iteration order; the results are put
     * back under their keys in a {@link LinkedHashMap}, so the order is kept.
     */
    static <K, V> Future<Map<K, V>> all(Map<K, ? extends Future<? extends V>> futures) {
        List<K> keys = new ArrayList<>(futures.size());
        List<Future<? extends V>> values = new ArrayList<>(futures.size());
        futures.forEach((k, f) -> {
            keys.add(k);
            values.add(Objects.requireNonNull(f, () -> "the future under key " + k + " is null"));
        });
        Future<Map<K, V>> result = new Future<>();
        AsyncHelpers.<V>all(values).addDoneCallback(done -> {
            Throwable failure = done.exception();
            if (failure != null) {
                result.trySetException(failure);
                return;
            }
            List<V> results = done.result();
            Map<K, V> byKey = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                byKey.put(keys.get(i), results.get(i));
            }
            result.trySetResult(byKey);
        });
        return result;
    }

    private static <T> void finishAll(Future<? extends T>[] children, Future<List<T>> result) {
        List<T> values = new ArrayList<>(children.length);
        Throwable first = null;
        for (Future<? extends T> c : children) {
            Throwable failure = c.isCancelled()
                    ? new CancellationException("a future passed to Co.all was cancelled: " + c)
                    : c.exception();
            if (failure == null) {
                values.add(c.result());
            } else if (first == null) {
                first = failure;
            } else if (!(failure instanceof CancellationException)) {
                LoopLog.error("Multiple exceptions in Co.all; this one is not its result", failure);
            }
        }
        if (first == null) {
            result.trySetResult(values);
        } else {
            result.trySetException(first);
        }
    }

    /**
     * {@code f}'s outcome, or a {@link TimeoutException} once {@code timeout} has passed on the
     * current loop. {@code f} is not cancelled on timeout (Tornado); if it fails afterwards, that
     * failure is logged. The timer is removed as soon as {@code f} completes.
     */
    static <T> Future<T> withTimeout(Duration timeout, Future<T> f) {
        Objects.requireNonNull(timeout, "timeout");
        Future<T> result = new Future<>();
        if (f.isDone()) {
            copy(f, result);
            return result;
        }
        IOLoop loop = IOLoop.current();
        Timeout handle = loop.callLater(timeout, () -> {
            if (result.trySetException(new TimeoutException("Timed out after " + timeout))) {
                f.addDoneCallback(AsyncHelpers::logFailureAfterTimeout);
            }
        });
        f.addDoneCallback(done -> {
            loop.removeTimeout(handle);
            copy(done, result);
        });
        return result;
    }

    private static <T> void copy(Future<T> from, Future<T> to) {
        if (from.isCancelled()) {
            to.cancel();
        } else if (from.exception() != null) {
            to.trySetException(from.exception());
        } else {
            to.trySetResult(from.result());
        }
    }

    private static void logFailureAfterTimeout(Future<?> f) {
        if (!f.isCancelled() && f.exception() != null) {
            LoopLog.error("Exception in future " + LoopLog.describe(f) + " after it timed out",
                    f.exception());
        }
    }
}
