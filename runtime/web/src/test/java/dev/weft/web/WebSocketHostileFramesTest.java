package dev.weft.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Future;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames RFC 6455 forbids, each sent over a real socket: the server answers with the close code
 * that says why (1002 protocol error, 1007 invalid UTF-8, 1009 too big), closes that connection,
 * logs nothing at ERROR, and goes on serving others.
 */
@org.junit.jupiter.api.Timeout(120)
class WebSocketHostileFramesTest {
    static class Echo extends WebSocketHandler {
        @Override
        public Future<?> onMessage(String message) {
            return writeMessage(message);
        }

        @Override
        public Future<?> onMessage(byte[] message) {
            return writeMessage(message);
        }
    }

    private WebServerFixture server;

    @BeforeEach
    void start() {
        server = new WebServerFixture(new Application(List.of(Route.of("/echo", Echo::new)),
                new Settings().websocketMaxMessageSize(64 * 1024)));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Sends {@code frames}, expects a close frame with {@code code}, then the server's close. */
    private void expectClose(int code, byte[]... frames) throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo")) {
            for (byte[] f : frames) {
                ws.sendRaw(f);
            }
            RawWebSocket.Frame close = ws.readUntilClose();
            assertEquals(code, close.closeCode(), "close reason: " + close.text());
            assertTrue(ws.closedByServer());
        }
        assertStillServing();
    }

    private void assertStillServing() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo")) {
            ws.sendText("still serving");
            assertEquals("still serving", ws.read().text());
        }
        server.assertHealthy();
    }

    private static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        return RawWebSocket.frame(fin, rsv, opcode, payload, masked, payload.length);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnmaskedClientFrameIs1002() throws Exception {
        expectClose(1002, frame(true, 0, 0x1, text("not masked"), false));
    }

    @Test
    void reservedOpcodesAre1002() throws Exception {
        for (int op : new int[] {0x3, 0x7, 0xB, 0xF}) {
            expectClose(1002, frame(true, 0, op, text("x"), true));
        }
    }

    @Test
    void reservedBitsWithoutAnExtensionAre1002() throws Exception {
        for (int rsv : new int[] {1, 2, 4}) {
            expectClose(1002, frame(true, rsv, 0x1, text("compressed?"), true));
        }
    }

    @Test
    void aFragmentedControlFrameIs1002() throws Exception {
        expectClose(1002, frame(false, 0, 0x9, text("ping"), true));
    }

    @Test
    void aControlFrameOver125BytesIs1002() throws Exception {
        expectClose(1002, frame(true, 0, 0x9, new byte[126], true));
    }

    @Test
    void aContinuationWithNothingToContinueIs1002() throws Exception {
        expectClose(1002, frame(true, 0, 0x0, text("orphan"), true));
    }

    @Test
    void aNewMessageInsideAFragmentedOneIs1002() throws Exception {
        expectClose(1002, frame(false, 0, 0x1, text("first"), true), frame(true, 0, 0x1, text("second"), true));
    }

    @Test
    void invalidUtf8Is1007EvenSplitAcrossFragments() throws Exception {
        expectClose(1007, frame(true, 0, 0x1, new byte[] {'a', (byte) 0xC0, (byte) 0xAF}, true)); // overlong
        expectClose(1007, frame(true, 0, 0x1, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, true)); // surrogate
        // A 4-byte character whose first byte is good, then a fragment that does not continue it.
        expectClose(1007, frame(false, 0, 0x1, new byte[] {'o', 'k', (byte) 0xF0, (byte) 0x9F}, true),
                frame(true, 0, 0x0, new byte[] {'x', 'y'}, true));
        // A message that ends inside a character.
        expectClose(1007, frame(false, 0, 0x1, new byte[] {'o', (byte) 0xE2}, true),
                frame(true, 0, 0x0, new byte[] {(byte) 0x82}, true));
    }

    @Test
    void aMessageOverTheLimitIs1009WithoutBeingBuffered() throws Exception {
        // The header alone claims 2^40 bytes: refused at once, before any payload.
        expectClose(1009, RawWebSocket.frame(true, 0, 0x2, new byte[0], true, 1L << 40));
        // Fragments that together pass the 64 KiB limit.
        byte[] half = new byte[40 * 1024];
        expectClose(1009, frame(false, 0, 0x2, half, true), frame(true, 0, 0x0, half, true));
    }

    @Test
    void aLengthWithItsTopBitSetIs1002() throws Exception {
        expectClose(1002, RawWebSocket.frame(true, 0, 0x2, new byte[0], true, Long.MIN_VALUE + 5));
    }

    @Test
    void badCloseFramesAre1002Or1007() throws Exception {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
            expectClose(1002, frame(true, 0, 0x8, RawWebSocket.closePayload(code, ""), true));
        }
        expectClose(1002, frame(true, 0, 0x8, new byte[] {0x03}, true)); // a 1-byte payload
        byte[] badReason = {0x03, (byte) 0xE8, (byte) 0xFF};
        expectClose(1007, frame(true, 0, 0x8, badReason, true));
    }

    @Test
    void validCloseCodesAreEchoed() throws Exception {
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1011, 3000, 4999}) {
            expectClose(code, frame(true, 0, 0x8, RawWebSocket.closePayload(code, "why"), true));
        }
    }

    @Test
    void randomGarbageNeverCrashesTheServer() throws Exception {
        Random random = new Random(16);
        for (int i = 0; i < 150; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            try (RawWebSocket ws = new RawWebSocket(server.port(), "/echo")) {
                ws.sendRaw(junk);
                ws.socket.shutdownOutput(); // so that a frame still incomplete ends too
                try {
                    while (ws.read().opcode() != 0x8) {
                        // echoes, pongs: whatever the junk happened to be
                    }
                } catch (EOFException | SocketException closed) {
                    // closed without a close frame: the junk ended mid-frame
                } catch (IOException other) {
                    throw new AssertionError("case " + i, other);
                }
            }
        }
        assertStillServing();
    }
}
