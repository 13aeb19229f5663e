package dev.weft.guide;

import dev.weft.web.RequestHandler;
import java.util.Map;

// tag::greeting-handler[]
class GreetingHandler extends RequestHandler {
    @Override public void get() {
        String name = pathArg(0);                              // the route's first group
        String greeting = getArgument("greeting", "Hello");  // ?greeting=..., with a default
        write(Map.of("message", greeting + ", " + name));      // a map is written as JSON
    }
}
// end::greeting-handler[]
