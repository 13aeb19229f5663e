package dev.weft;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes the test thread's IOLoop after each test, so that no test sees another's loop. */
final class CloseCurrentLoop implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        IOLoop loop = IOLoop.currentOrNull();
        if (loop != null) {
            loop.close();
        }
    }
}
