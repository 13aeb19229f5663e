package dev.weft.guide;

import dev.weft.Future;
import dev.weft.web.RequestHandler;
import dev.weft.web.StreamRequestBody;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

// tag::upload-handler[]
@StreamRequestBody
class UploadHandler extends RequestHandler {
    private final MessageDigest sha256 = sha256();
    private long bytes;

    @Override public void prepare() {
        request().connection().setMaxBodySize(10L << 30);   // this handler takes up to 10 GiB
    }

    @Override public Future<?> dataReceived(byte[] chunk) {  // each piece as it arrives
        sha256.update(chunk);
        bytes += chunk.length;
        return null;                                           // read the next piece at once
    }

    @Override public void put() {                             // once the body has all arrived
        write(bytes + " bytes, SHA-256 " + HexFormat.of().formatHex(sha256.digest()));
    }
    // end::upload-handler[]

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
    // tag::upload-handler[]
}
// end::upload-handler[]
