package dev.weft.examples;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.locks.Condition;
import dev.weft.locks.Event;
import java.io.PrintStream;
import java.util.List;

/**
 * The two examples of {@code tornado.locks}' documentation: a {@link Condition} that one
 * coroutine waits for and another signals, and an {@link Event} that one coroutine waits for
 * twice (the second wait does not wait: the event is still set). Both pairs run in parallel under
 * {@code Co.all}, Tornado's {@code gen.multi}.
 */
public final class LocksGuide {
    private LocksGuide() {
    }

    // condition = Condition()

    @Coroutine
    static Future<Void> conditionWaiter(Condition condition, PrintStream out) {
        out.println("I'll wait right here");
        Co.await(condition.waitAsync());
        out.println("I'm done waiting");
        return Future.completed();
    }

    @Coroutine
    static Future<Void> conditionNotifier(Condition condition, PrintStream out) {
        out.println("About to notify");
        condition.signal();
        out.println("Done notifying");
        return Future.completed();
    }

    // event = Event()

    @Coroutine
    static Future<Void> eventWaiter(Event event, PrintStream out) {
        out.println("Waiting for event");
        Co.await(event.waitAsync());
        out.println("Not waiting this time");
        Co.await(event.waitAsync());
        out.println("Done");
        return Future.completed();
    }

    @Coroutine
    static Future<Void> eventSetter(Event event, PrintStream out) {
        out.println("About to set the event");
        event.set();
        return Future.completed();
    }

    public static void run(PrintStream out) {
        Condition condition = new Condition();
        IOLoop.current().runSync(() -> Co.all(List.of(
                conditionWaiter(condition, out), conditionNotifier(condition, out))));
        Event event = new Event();
        IOLoop.current().runSync(() -> Co.all(List.of(
                eventWaiter(event, out), eventSetter(event, out))));
    }
}
