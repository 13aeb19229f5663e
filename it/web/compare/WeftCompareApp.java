import dev.weft.IOLoop;
import dev.weft.Future;
import dev.weft.web.Application;
import dev.weft.web.CookieOptions;
import dev.weft.web.Finish;
import dev.weft.web.HttpError;
import dev.weft.web.RedirectHandler;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The comparison application on weft: the same routes as tornado_app.py, handler for handler.
 * Usage: java -cp weft-runtime.jar:weft-web.jar WeftCompareApp.java PORT (127.0.0.1 only)
 */
public class WeftCompareApp {
    static class Etag extends RequestHandler {
        @Override public void get() { write("hello etag"); }
        @Override public void head() { write("hello etag"); }
    }

    static class Args extends RequestHandler {
        @Override public void get() {
            write("a=[" + getArgument("a", "NONE") + "] raw=[" + getArgument("a", "NONE", false)
                    + "] m=" + String.join(",", getArguments("m")) + " q=[" + getQueryArgument("q", "NONE")
                    + "] all=" + String.join(",", new TreeSet<>(arguments().keySet())));
        }
        @Override public void post() {
            write("b=[" + getBodyArgument("b", "NONE") + "] body=" + String.join(",", getBodyArguments("b"))
                    + " query=" + String.join(",", getQueryArguments("b")));
        }
    }

    static class Required extends RequestHandler {
        @Override public void get() { write(getArgument("a")); }
    }

    static class Status extends RequestHandler {
        @Override public void get() {
            setStatus(Integer.parseInt(pathArg(0)), getArgument("reason", null, false));
            if (getArgument("body", null) != null && !getArgument("body").isEmpty()) {
                write(getArgument("body"));
            }
        }
    }

    static class Error extends RequestHandler {
        @Override public void get() {
            throw new HttpError(Integer.parseInt(pathArg(0)), getArgument("log", null), getArgument("reason", null));
        }
    }

    static class Crash extends RequestHandler {
        @Override public void get() {
            write("not sent");
            throw new IllegalArgumentException("secret");
        }
    }

    static class CookieSet extends RequestHandler {
        @Override public void get() {
            String v = getArgument("v", "x", false);
            setCookie("a", "first");
            setCookie("b", "other", new CookieOptions().httpOnly(true).maxAge(60).sameSite("Lax").secure(true));
            setCookie("a", v, new CookieOptions().domain(getArgument("domain", null)).expiresDays(1));
            write("ok");
        }
    }

    static class CookieGet extends RequestHandler {
        @Override public void get() {
            write("a=[" + getCookie("a", "NONE") + "] names=" + String.join(",", cookies().keySet()));
        }
    }

    static class CookieClear extends RequestHandler {
        @Override public void get() {
            clearCookie("a");
            clearCookie("b", "/p", "example.com");
        }
    }

    static class CookieClearAll extends RequestHandler {
        @Override public void get() { clearAllCookies(); }
    }

    static class FinishEarly extends RequestHandler {
        @Override public void get() {
            setStatus(401);
            throw new Finish("go away");
        }
    }

    static class Redirect extends RequestHandler {
        @Override public void get() {
            redirect(getArgument("to", "/x"), Integer.parseInt(getArgument("status", "307")));
        }
    }

    static class Slash extends RequestHandler {
        @Override public void get() { addSlash(); write("slash"); }
        @Override public void post() { addSlash(); write("slash"); }
    }

    static class NoSlash extends RequestHandler {
        @Override public void get() { removeSlash(); write("noslash"); }
    }

    static class PathArg extends RequestHandler {
        @Override public void get() { write("[" + pathArg(0) + "]"); }
    }

    static class Defaults extends RequestHandler {
        @Override public void setDefaultHeaders() {
            setHeader("X-Default", "yes");
            setHeader("Server", "Compare");
        }
        @Override public void get() {
            if (getArgument("fail", null) != null) {
                throw new HttpError(403);
            }
            write("defaults");
        }
    }

    static class WriteError extends RequestHandler {
        @Override public void get() {
            if (getArgument("http", null) != null) {
                throw new HttpError(409);
            }
            throw new IllegalStateException("k");
        }
        @Override public void writeError(int status, Throwable e) {
            write(status + " " + (e instanceof HttpError ? "http" : "other"));
        }
    }

    static class ClearHeader extends RequestHandler {
        @Override public void get() {
            setHeader("X-A", "1");
            setHeader("X-B", "1");
            addHeader("X-B", "2");
            clearHeader("X-A");
            clearHeader("X-B");
            clearHeader("Content-Type");
            write("cleared");
        }
    }

    static class Reverse extends RequestHandler {
        @Override public void get() { write(reverseUrl("user", "a b/é", 42)); }
    }

    static class Methods extends RequestHandler {
        @Override public Set<String> supportedMethods() { return Set.of("GET", "PROPFIND"); }
        @Override public void get() { write("get"); }
        @Override public Future<?> otherMethodAsync(String method) {
            write("propfind");
            return null;
        }
    }

    static class JsonOut extends RequestHandler {
        @Override public void get() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("a", 1);
            m.put("b", List.of(1, 2));
            m.put("s", "</script>\u00e9\u2028\n\"");
            m.put("n", null);
            m.put("f", 1.5);
            m.put("t", true);
            m.put("big", 12345678901234L);
            m.put("neg", -0.25);
            m.put("e", java.util.Map.of());
            m.put("l", List.of());
            write(m);
        }
    }

    public static void main(String[] args) {
        Application app = new Application(List.of(
                Route.of("/json", JsonOut::new),
                Route.of("/etag", Etag::new),
                Route.of("/args", Args::new),
                Route.of("/required", Required::new),
                Route.of("/status/(\\d+)", Status::new),
                Route.of("/error/(\\d+)", Error::new),
                Route.of("/crash", Crash::new),
                Route.of("/cookie/set", CookieSet::new),
                Route.of("/cookie/get", CookieGet::new),
                Route.of("/cookie/clear", CookieClear::new),
                Route.of("/cookie/clearall", CookieClearAll::new),
                Route.of("/finish", FinishEarly::new),
                Route.of("/redirect", Redirect::new),
                Route.of("/r/([^/]*)/([^/]*)", () -> new RedirectHandler("/to/{1}/{0}")),
                Route.of("/slash/?", Slash::new),
                Route.of("/noslash/*", NoSlash::new),
                Route.of("/path/([^/]*)", PathArg::new),
                Route.of("/defaults", Defaults::new),
                Route.of("/writeerror", WriteError::new),
                Route.of("/clearheader", ClearHeader::new),
                Route.of("/reverse", Reverse::new),
                Route.of("/user/([^/]+)/(\\d+)", PathArg::new).named("user"),
                Route.of("/methods", Methods::new)));
        app.listen(Integer.parseInt(args[0]), "127.0.0.1", new dev.weft.http.HttpServerOptions());
        IOLoop.current().start();
    }
}
