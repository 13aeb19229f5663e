package dev.weft.guide;

import dev.weft.web.RequestHandler;

/** The settings example's default handler: a page of its own for what no route matches. */
class NotFoundHandler extends RequestHandler {
    @Override
    public void prepare() {
        setStatus(404);
        write("<h1>Not here</h1>");
        finish();
    }
}
