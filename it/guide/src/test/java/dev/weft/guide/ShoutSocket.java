package dev.weft.guide;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.web.WebSocketHandler;
import java.time.Duration;
import java.util.Locale;

// tag::shout-socket[]
class ShoutSocket extends WebSocketHandler {
    @Coroutine @Override public Future<?> onMessage(String message) {
        Co.await(writeMessage(message.toUpperCase(Locale.ROOT)));  // sent: the client is keeping up
        Co.await(Co.sleep(Duration.ofMillis(10)));                // the next message waits for this
        return Future.completed();
    }

    @Override public boolean checkOrigin(String origin) {
        return origin.equals("https://app.example.com");          // the page allowed besides the same origin
    }
}
// end::shout-socket[]
