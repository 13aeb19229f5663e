import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.web.Application;
import dev.weft.web.Route;
import dev.weft.web.WebSocketHandler;
import java.util.List;
import java.util.Locale;

/**
 * weft's WebSocket echo on one IOLoop: every text message comes back upper-cased, as in Netty's
 * WebSocket server example. Usage: WeftWsEcho PORT
 */
public class WeftWsEcho {
    public static class Echo extends WebSocketHandler {
        @Override
        public Future<?> onMessage(String message) {
            return writeMessage(message.toUpperCase(Locale.US));
        }
    }

    public static void main(String[] args) {
        new Application(List.of(Route.of("/ws", Echo::new))).listen(Integer.parseInt(args[0]), "127.0.0.1",
                new dev.weft.http.HttpServerOptions());
        IOLoop.current().start();
    }
}
