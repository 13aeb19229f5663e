package dev.weft.fuzz;

import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.TypeHierarchy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The woven side of the toolbox fuzzer: an interpreter of {@link ToolboxScript}s written as
 * {@code @Coroutine} methods (awaits inside a loop, a {@code switch}, try-with-resources and
 * try/catch), compiled and woven in memory once, run against the real {@code dev.weft.locks} and
 * {@code dev.weft.queues} on a fresh IOLoop per scenario.
 */
final class ToolboxWoven {
    private static final String NAME = Printer.PACKAGE + ".ToolboxW";

    private static final String SOURCE = """
        package dev.weft.fuzz.gen;

        import dev.weft.Co;
        import dev.weft.Coroutine;
        import dev.weft.Future;
        import dev.weft.locks.BoundedSemaphore;
        import dev.weft.locks.Condition;
        import dev.weft.locks.Event;
        import dev.weft.locks.Lock;
        import dev.weft.locks.Releaser;
        import dev.weft.queues.LifoQueue;
        import dev.weft.queues.PriorityQueue;
        import dev.weft.queues.Queue;
        import dev.weft.queues.QueueEmptyException;
        import dev.weft.queues.QueueFullException;
        import java.time.Duration;
        import java.util.Comparator;
        import java.util.List;
        import java.util.concurrent.TimeoutException;

        public final class ToolboxW {
            private final Lock lock = new Lock();
            private final BoundedSemaphore sem;
            private final Condition cond = new Condition();
            private final Event event = new Event();
            private final Queue<Integer> q;
            private final List<String> log;

            private ToolboxW(int[] config, List<String> log) {
                this.log = log;
                sem = new BoundedSemaphore(config[2]);
                q = config[0] == 0 ? new Queue<>(config[1]) : config[0] == 1 ? new LifoQueue<>(config[1])
                        : new PriorityQueue<>(config[1], Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));
            }

            public static Future<Void> entry(int[] config, int[][][] scripts, List<String> log) {
                ToolboxW w = new ToolboxW(config, log);
                for (int c = 0; c < scripts.length; c++) {
                    w.run(c, scripts[c]);
                }
                return w.finish(config[3]);
            }

            private static Duration timeout(int t) {
                return t == 1 ? Duration.ZERO : Duration.ofHours(1);
            }

            private static Integer item(int v) {
                return v < 0 ? null : v;
            }

            private static String failure(Exception e) {
                return e instanceof TimeoutException ? "timeout"
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
            }

            private Future<Releaser> acquire(int kind, int t) {
                if (kind == 0) {
                    return t == 0 ? lock.acquire() : lock.acquire(timeout(t));
                }
                return t == 0 ? sem.acquire() : sem.acquire(timeout(t));
            }

            @Coroutine
            private Future<Void> run(int c, int[][] script) {
                String p = "c" + c + " ";
                for (int[] op : script) {
                    switch (op[0]) {
                        case 0:
                        case 1: {
                            String what = op[0] == 0 ? "lock" : "sem";
                            try (Releaser held = Co.await(acquire(op[0], op[1]))) {
                                log.add(p + what + " acquired");
                                for (int h = 0; h < op[2]; h++) {
                                    Co.await(Co.moment());
                                }
                                log.add(p + what + " releasing");
                            } catch (Exception e) {
                                log.add(p + what + " " + failure(e));
                            }
                            break;
                        }
                        case 2: {
                            Future<Releaser> f = lock.acquire();
                            for (int h = 0; h < op[2]; h++) {
                                Co.await(Co.moment());
                            }
                            if (!f.isDone()) {
                                f.cancel();
                                log.add(p + "lockCancel cancelled");
                            } else {
                                log.add(p + "lockCancel acquired");
                                try {
                                    Co.await(f).close();
                                } catch (IllegalStateException e) {
                                    log.add(p + "lockCancel " + failure(e));
                                }
                            }
                            break;
                        }
                        case 3: {
                            boolean notified = Co.await(op[1] == 0 ? cond.waitAsync() : cond.waitAsync(timeout(op[1])));
                            log.add(p + "cwait " + notified);
                            break;
                        }
                        case 4:
                            if (op[1] == -1) {
                                cond.signalAll();
                            } else if (op[1] == 1) {
                                cond.signal();
                            } else {
                                cond.signal(op[1]);
                            }
                            log.add(p + "signal " + op[1]);
                            break;
                        case 5:
                            try {
                                Co.await(op[1] == 0 ? event.waitAsync() : event.waitAsync(timeout(op[1])));
                                log.add(p + "ewait set");
                            } catch (Exception e) {
                                log.add(p + "ewait " + failure(e));
                            }
                            break;
                        case 6:
                            event.set();
                            log.add(p + "eset");
                            break;
                        case 7:
                            event.clear();
                            log.add(p + "eclear");
                            break;
                        case 8:
                            try {
                                Co.await(op[1] == 0 ? q.put(item(op[2])) : q.put(item(op[2]), timeout(op[1])));
                                log.add(p + "put " + item(op[2]));
                            } catch (Exception e) {
                                log.add(p + "put " + item(op[2]) + " " + failure(e));
                            }
                            break;
                        case 9:
                            try {
                                q.putNowait(item(op[2]));
                                log.add(p + "putNowait " + item(op[2]));
                            } catch (QueueFullException e) {
                                log.add(p + "putNowait " + item(op[2]) + " full");
                            }
                            break;
                        case 10:
                            try {
                                Integer got = Co.await(op[1] == 0 ? q.get() : q.get(timeout(op[1])));
                                log.add(p + "get " + got);
                                if (op[2] == 1) {
                                    taskDone(p);
                                }
                            } catch (Exception e) {
                                log.add(p + "get " + failure(e));
                            }
                            break;
                        case 11:
                            try {
                                log.add(p + "getNowait " + q.getNowait());
                            } catch (QueueEmptyException e) {
                                log.add(p + "getNowait empty");
                            }
                            break;
                        case 12: {
                            Future<Integer> f = q.get();
                            for (int h = 0; h < op[2]; h++) {
                                Co.await(Co.moment());
                            }
                            if (!f.isDone()) {
                                f.cancel();
                                log.add(p + "getCancel cancelled");
                            } else {
                                log.add(p + "getCancel " + Co.await(f));
                            }
                            break;
                        }
                        case 13:
                            taskDone(p);
                            break;
                        case 14:
                            try {
                                Co.await(op[1] == 0 ? q.join() : q.join(timeout(op[1])));
                                log.add(p + "join done");
                            } catch (Exception e) {
                                log.add(p + "join " + failure(e));
                            }
                            break;
                        case 15:
                            for (int h = 0; h < op[1]; h++) {
                                Co.await(Co.moment());
                            }
                            log.add(p + "hop");
                            break;
                        case 16:
                            try {
                                lock.release();
                                log.add(p + "unlock");
                            } catch (IllegalStateException e) {
                                log.add(p + "unlock " + failure(e));
                            }
                            break;
                        default:
                            throw new IllegalArgumentException("op " + op[0]);
                    }
                }
                return Future.completed();
            }

            private void taskDone(String p) {
                try {
                    q.taskDone();
                    log.add(p + "taskDone");
                } catch (IllegalStateException e) {
                    log.add(p + "taskDone " + failure(e));
                }
            }

            @Coroutine
            private Future<Void> finish(int hops) {
                for (int h = 0; h < hops; h++) {
                    Co.await(Co.moment());
                }
                log.add("end " + lock + " " + sem + " " + cond + " " + event + " " + q);
                return Future.completed();
            }
        }
        """;

    private static Method entry;

    private ToolboxWoven() {
    }

    private static synchronized Method entry() throws Exception {
        if (entry == null) {
            Map<String, byte[]> classes = InMemoryCompiler.compile(Map.of(NAME, SOURCE), true);
            ClassLoader parent = ToolboxWoven.class.getClassLoader();
            TypeHierarchy hierarchy = new TypeHierarchy(n -> {
                byte[] b = classes.get(n);
                return b != null ? b : classFile(parent, n);
            });
            Map<String, byte[]> defined = new HashMap<>(classes);
            ClassWeaver weaver = new ClassWeaver(hierarchy, (c, f, m) -> 0);
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                ClassWeaver.Result woven = weaver.weave(e.getValue());
                if (!woven.errors().isEmpty()) {
                    throw new AssertionError("weave errors: " + woven.errors());
                }
                defined.put(e.getKey(), woven.woven());
                defined.putAll(woven.generated());
            }
            entry = Class.forName(NAME, true, new Referee.MemoryLoader(parent, defined))
                    .getMethod("entry", int[].class, int[][][].class, List.class);
        }
        return entry;
    }

    private static byte[] classFile(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code s} woven on a fresh loop of this thread; its transcript. */
    static List<String> run(ToolboxScript s) throws Exception {
        Method m = entry();
        List<String> log = new ArrayList<>();
        IOLoop old = IOLoop.currentOrNull();
        if (old != null) {
            old.close();
        }
        IOLoop loop = IOLoop.current();
        try {
            loop.runSync(() -> {
                try {
                    @SuppressWarnings("unchecked")
                    Future<Void> f = (Future<Void>) m.invoke(null, s.config, s.scripts, log);
                    return f;
                } catch (InvocationTargetException e) {
                    return Future.failed(e.getCause());
                } catch (IllegalAccessException e) {
                    return Future.failed(e);
                }
            }, Duration.ofSeconds(30));
        } catch (Throwable t) {
            log.add("the run failed: " + t);
        } finally {
            loop.close();
        }
        return log;
    }
}
