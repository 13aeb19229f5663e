import dev.weft.IOLoop;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.Application;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import dev.weft.web.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * gzip's cost per response: /10k and /100k answer a compressible JSON body (records that differ
 * only in their numbers, as an API listing does) of about 10 KiB and 100 KiB, built once; with
 * {@code compressResponse} on or off as the second argument says. One IOLoop, access log off.
 * Usage: WeftGzip PORT on|off
 */
public class WeftGzip {
    private static final java.util.logging.Logger ACCESS = java.util.logging.Logger.getLogger("dev.weft.access");

    static byte[] body(int size) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < size - 120; i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i * 7919 % 100_003)
                    .append(", \"name\": \"user-").append(i).append("\", \"email\": \"user-").append(i)
                    .append("@example.com\", \"active\": ").append(i % 3 == 0).append(", \"score\": ")
                    .append(i * 31 % 997).append('}');
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    public static class Body extends RequestHandler {
        private final byte[] body;

        Body(byte[] body) {
            this.body = body;
        }

        @Override
        public void get() {
            setHeader("Content-Type", "application/json; charset=UTF-8");
            write(body);
        }
    }

    public static void main(String[] args) {
        ACCESS.setLevel(java.util.logging.Level.OFF);
        byte[] small = body(10 * 1024);
        byte[] large = body(100 * 1024);
        Application app = new Application(List.of(
                Route.of("/10k", () -> new Body(small)),
                Route.of("/100k", () -> new Body(large))),
                new Settings().compressResponse("on".equals(args[1])));
        app.listen(Integer.parseInt(args[0]), "127.0.0.1", new HttpServerOptions());
        IOLoop.current().start();
    }
}
