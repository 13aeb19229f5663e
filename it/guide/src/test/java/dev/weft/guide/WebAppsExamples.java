package dev.weft.guide;

import dev.weft.web.Finish;
import dev.weft.web.RedirectHandler;
import dev.weft.web.RequestHandler;
import dev.weft.web.Route;
import java.util.List;

/**
 * The Javadoc examples of Finish and RedirectHandler, compiled here; they need a server to run,
 * which runtime/web's own tests start.
 */
final class WebAppsExamples {
    private WebAppsExamples() {
    }

    static final List<Route> MOVED = List.of(
            // tag::redirect-handler[]
            Route.of("/oldpath", () -> new RedirectHandler("/newpath"))
            // end::redirect-handler[]
            ,
            // tag::redirect-handler[]
            Route.of("/(.*?)/(.*?)/(.*)", () -> new RedirectHandler("/{1}/{0}/{2}"))  // /a/b/c to /b/a/c
            // end::redirect-handler[]
    );

    /** Answers 401 with a Basic challenge when nobody signed in. */
    static final class SignedInOnly extends RequestHandler {
        @Override public void get() {
            String user = getArgument("user", null);
            // tag::finish[]
            if (user == null) {
                setStatus(401);
                setHeader("WWW-Authenticate", "Basic realm=\"something\"");
                throw new Finish();
            }
            // end::finish[]
            write("hello " + user);
        }
    }
}
