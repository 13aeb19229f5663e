package dev.weft.webit;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.net.IOStream;
import dev.weft.net.TCPClient;
import dev.weft.net.TCPServer;
import dev.weft.web.Application;
import dev.weft.web.HttpError;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Request handlers written as async coroutines, the way a Tornado user writes
 * {@code async def get(self)}: override {@code getAsync()} (or {@code postAsync()}, ...) as a
 * {@code @Coroutine} returning a Future, and await anything inside.
 */
public final class CoroutineHandlers {
    private CoroutineHandlers() {
    }

    /** Awaits a timer, then answers. */
    static class SleepyHandler extends RequestHandler {
        @Coroutine
        @Override
        public Future<Void> getAsync() {
            long ms = Long.parseLong(getArgument("ms", "10"));
            Co.await(Co.sleep(Duration.ofMillis(ms)));
            write("slept " + ms + " ms");
            return Future.completed();
        }
    }

    /** Streams chunks, awaiting each flush: the back-pressure of a slow client. */
    static class StreamHandler extends RequestHandler {
        @Coroutine
        @Override
        public Future<Void> getAsync() {
            for (int i = 0; i < 5; i++) {
                write("chunk" + i + ";");
                Co.await(flush());
            }
            return Future.completed();
        }
    }

    /** Fails after an await: the client gets a 500 page, the log gets the stack trace. */
    static class FailingHandler extends RequestHandler {
        @Coroutine
        @Override
        public Future<Void> getAsync() {
            Co.await(Co.moment());
            if (getArgument("kind", "bug").equals("missing")) {
                throw new HttpError(404, "no such thing");
            }
            throw new IllegalStateException("internal detail that must stay on the server");
        }
    }

    /** Reads a JSON-ish body and answers with a record as JSON, after awaiting. */
    static class JsonHandler extends RequestHandler {
        record Reply(String echo, int length, List<String> path) {
        }

        @Coroutine
        @Override
        public Future<Void> postAsync() {
            Co.await(Co.moment());
            String body = new String(request().body(), StandardCharsets.UTF_8);
            write(new Reply(body, body.length(), pathArgs()));
            return Future.completed();
        }
    }

    /** Checks a token asynchronously in prepare, as a coroutine, before the method runs. */
    static class GuardedHandler extends RequestHandler {
        private String user;

        @Coroutine
        @Override
        public Future<Void> prepareAsync() {
            Co.await(Co.sleep(Duration.ofMillis(5))); // a lookup somewhere
            String token = request().headers().get("X-Token");
            if (!"open-sesame".equals(token)) {
                throw new HttpError(403, "bad token");
            }
            user = "ali";
            return Future.completed();
        }

        @Override
        public void get() {
            write("welcome " + user);
        }
    }

    /** Talks to a TCP echo server through an IOStream, with coroutines on both ends. */
    static class EchoProxyHandler extends RequestHandler {
        private final int echoPort;

        EchoProxyHandler(int echoPort) {
            this.echoPort = echoPort;
        }

        @Coroutine
        @Override
        public Future<Void> getAsync() {
            IOStream stream = Co.await(new TCPClient().connect("127.0.0.1", echoPort));
            try {
                Co.await(stream.write((getArgument("say") + "\n").getBytes(StandardCharsets.UTF_8)));
                byte[] line = Co.await(stream.readUntil(new byte[] {'\n'}, 1024));
                write(Map.of("echoed", new String(line, StandardCharsets.UTF_8).trim()));
            } finally {
                stream.close();
            }
            return Future.completed();
        }
    }

    /** A line echo server: one coroutine per connection, as in Tornado's TCPServer docs. */
    public static final class EchoServer extends TCPServer {
        @Override
        protected void handleStream(IOStream stream, InetSocketAddress address) {
            serve(stream);
        }

        @Coroutine
        static Future<Void> serve(IOStream stream) {
            try {
                while (true) {
                    byte[] line = Co.await(stream.readUntil(new byte[] {'\n'}, 64 * 1024));
                    Co.await(stream.write(line));
                }
            } catch (Exception closed) {
                // StreamClosedException: the client went away, which ends the conversation.
                stream.close();
            }
            return Future.completed();
        }
    }

    /**
     * The application.
     *
     * @param echoPort where the echo server listens
     * @return the routes of this project's handlers
     */
    public static Application app(int echoPort) {
        return new Application(List.of(
                Route.of("/sleep", SleepyHandler::new),
                Route.of("/stream", StreamHandler::new),
                Route.of("/fail", FailingHandler::new),
                Route.of("/json/(\\w+)", JsonHandler::new),
                Route.of("/guarded", GuardedHandler::new),
                Route.of("/echo", () -> new EchoProxyHandler(echoPort))));
    }
}
