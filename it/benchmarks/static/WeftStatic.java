import dev.weft.IOLoop;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.Application;
import dev.weft.web.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * weft's StaticFileHandler as an application sets it up ({@code staticPath}), serving ROOT under
 * /static/ on one IOLoop, access log off (as the Netty baseline prints nothing per request).
 * Usage: WeftStatic PORT ROOT
 */
public class WeftStatic {
    // Held, because java.util.logging keeps only weak references to its loggers.
    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("dev.weft.access");

    public static void main(String[] args) {
        ACCESS.setLevel(java.util.logging.Level.OFF);
        Application app = new Application(List.of(), new Settings().staticPath(Path.of(args[1])));
        app.listen(Integer.parseInt(args[0]), "127.0.0.1", new HttpServerOptions());
        IOLoop.current().start();
    }
}
