import dev.weft.IOLoop;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.List;

/**
 * Seed example 7 as a benchmark target: one IOLoop, one thread. Usage: WeftHello PORT.
 * {@code -Dweft.accessLog=off} turns the access log off (it is on by default, as in a user's app).
 */
public class WeftHello {
    // Held, because java.util.logging keeps only weak references to its loggers.
    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("dev.weft.access");

    public static class IndexHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello Python Tornado!");
        }
    }

    public static void main(String[] args) {
        if ("off".equals(System.getProperty("weft.accessLog"))) {
            ACCESS.setLevel(java.util.logging.Level.OFF);
        }
        Application app = new Application(List.of(Route.of("/", IndexHandler::new)));
        app.listen(Integer.parseInt(args[0]), "127.0.0.1", new dev.weft.http.HttpServerOptions());
        IOLoop.current().start();
    }
}
