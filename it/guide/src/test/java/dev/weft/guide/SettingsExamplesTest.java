package dev.weft.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.web.Application;
import dev.weft.web.Route;
import dev.weft.web.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's and Settings' example of an application's settings. */
class SettingsExamplesTest {
    static Application withSettings(List<Route> routes) {
        return
        // tag::settings[]
        new Application(routes, new Settings()
                .staticPath(Path.of("static"))      // /static/..., /favicon.ico, /robots.txt; staticUrl("app.css")
                .cookieSecret(System.getenv("COOKIE_SECRET"))  // setSecureCookie / getSecureCookie
                .xsrfCookies(true)                  // POST, PUT, PATCH, DELETE need xsrfFormHtml()'s _xsrf
                .compressResponse(true)             // gzip text and JSON of 1 KiB or more
                .defaultHandler(NotFoundHandler::new)
                .debug(false));                     // true serves stack traces: development only
        // end::settings[]
    }

    @Test
    void theStaticRoutesComeFirst() {
        Application app = withSettings(List.of(Route.of("/", IndexHandler::new)));
        assertEquals(4, app.routes().size());
        assertEquals("/", app.routes().get(3).pattern().pattern());
    }
}
