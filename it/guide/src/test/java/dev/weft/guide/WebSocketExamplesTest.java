package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.Application;
import dev.weft.web.Route;
import dev.weft.web.Settings;
import dev.weft.web.WebSocketClientConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WebSocket examples of docs/GUIDE.md and of WebSocketHandler's and WebSocketClientConnection's Javadoc, run. */
class WebSocketExamplesTest {
    @Coroutine
    static Future<Object> talk(String url) {
        // tag::websocket-client[]
        WebSocketClientConnection ws = Co.await(WebSocketClientConnection.websocketConnect(url));
        Co.await(ws.writeMessage("hello"));
        Object reply = Co.await(ws.readMessage());   // a String, a byte[], or null once closed
        ws.close(1000, "done");
        // end::websocket-client[]
        return Future.completed(reply);
    }

    static Application application() {
        // tag::websocket-routes[]
        Application app = new Application(List.of(
                Route.of("/echo", EchoWebSocket::new),
                Route.of("/shout", ShoutSocket::new)),
                new Settings()
                        .websocketPingInterval(Duration.ofSeconds(10))   // websocket_ping_interval
                        .websocketMaxMessageSize(1024 * 1024));          // websocket_max_message_size
        // end::websocket-routes[]
        return app;
    }

    @Test
    void theEchoAndShoutSocketsAnswer() throws Exception {
        HttpServer server = application().listen(0, "127.0.0.1", new HttpServerOptions());
        try {
            String base = "ws://127.0.0.1:" + server.boundPort();
            assertEquals("You said: hello", IOLoop.current().runSync(() -> talk(base + "/echo"), Duration.ofSeconds(30)));
            assertEquals("HELLO", IOLoop.current().runSync(() -> talk(base + "/shout"), Duration.ofSeconds(30)));
        } finally {
            server.stop();
        }
    }
}
