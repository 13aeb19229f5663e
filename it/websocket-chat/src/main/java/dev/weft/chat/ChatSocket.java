package dev.weft.chat;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.web.WebSocketHandler;

/**
 * One member's connection: {@code /chat?name=alice}. What a member says is broadcast to the room
 * as {@code alice: text}; joining and leaving are announced.
 */
public class ChatSocket extends WebSocketHandler {
    private final ChatRoom room;
    private String name;

    /** @param room the room this server hosts */
    public ChatSocket(ChatRoom room) {
        this.room = room;
    }

    @Override
    public void open() {
        name = getQueryArgument("name", "anonymous");
        room.join(this);
        room.broadcast("* " + name + " joined");
    }

    @Coroutine
    @Override
    public Future<?> onMessage(String message) {
        // The next message from this member is read only once everyone has this one.
        Co.await(room.broadcast(name + ": " + message));
        return Future.completed();
    }

    @Override
    public void onClose() {
        room.leave(this);
        room.broadcast("* " + name + " left");
    }
}
