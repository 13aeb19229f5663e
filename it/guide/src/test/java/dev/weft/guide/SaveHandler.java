package dev.weft.guide;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.web.RequestHandler;
import dev.weft.web.StreamRequestBody;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

// tag::save-handler[]
@StreamRequestBody
class SaveHandler extends RequestHandler {
    private final Path target;
    private final ExecutorService disk;   // blocking file writes stay off the loop
    private OutputStream out;

    SaveHandler(Path target, ExecutorService disk) {
        this.target = target;
        this.disk = disk;
    }

    @Override public void prepare() {
        out = open(target);
    }

    @Override public Future<?> dataReceived(byte[] chunk) {
        // Nothing more is read from the client until this piece is on disk: a fast
        // client cannot fill the memory while the disk is slow.
        return Future.from(CompletableFuture.runAsync(() -> save(out, chunk), disk));
    }

    @Coroutine @Override public Future<Void> postAsync() {
        Co.await(Future.from(CompletableFuture.runAsync(() -> close(out), disk)));
        write("saved");
        return Future.completed();
    }
    // end::save-handler[]

    @Override public void onConnectionClose() {
        disk.execute(() -> close(out)); // the client went away mid-upload
    }

    private static OutputStream open(Path p) {
        try {
            return Files.newOutputStream(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void save(OutputStream out, byte[] chunk) {
        try {
            out.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    // tag::save-handler[]
}
// end::save-handler[]
