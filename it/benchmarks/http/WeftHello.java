import dev.weft.IOLoop;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.List;

/** Seed example 7 as a benchmark target: one IOLoop, one thread. Usage: WeftHello PORT */
public class WeftHello {
    public static class IndexHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello Python Tornado!");
        }
    }

    public static void main(String[] args) {
        Application app = new Application(List.of(Route.of("/", IndexHandler::new)));
        app.listen(Integer.parseInt(args[0]), "127.0.0.1", new dev.weft.http.HttpServerOptions());
        IOLoop.current().start();
    }
}
