package dev.weft.guide;

import dev.weft.Future;
import dev.weft.web.WebSocketHandler;

// tag::echo-websocket[]
public class EchoWebSocket extends WebSocketHandler {
    @Override public void open() { System.out.println("WebSocket opened"); }
    @Override public Future<?> onMessage(String message) { return writeMessage("You said: " + message); }
    @Override public void onClose() { System.out.println("WebSocket closed"); }
}
// end::echo-websocket[]
