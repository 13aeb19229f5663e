package dev.weft.guide;

import dev.weft.web.RequestHandler;

// tag::readme-web[]
// tag::index-handler[]
class IndexHandler extends RequestHandler {
    @Override public void get() { write("Hello Python Tornado!"); }
}
// end::index-handler[]
// end::readme-web[]
