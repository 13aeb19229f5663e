package dev.weft.guide;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.web.RequestHandler;
import java.time.Duration;

// tag::slow-handler[]
class SlowHandler extends RequestHandler {
    @Coroutine @Override public Future<Void> getAsync() {
        Co.await(Co.sleep(Duration.ofMillis(10)));
        write("done");
        return Future.completed();
    }
}
// end::slow-handler[]
