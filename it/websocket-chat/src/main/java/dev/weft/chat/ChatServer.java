package dev.weft.chat;

import dev.weft.IOLoop;
import dev.weft.web.Application;
import dev.weft.web.Route;
import java.util.List;

/** The chat server: {@code java dev.weft.chat.ChatServer [port]}, then connect to ws://localhost:8888/chat?name=you. */
public final class ChatServer {
    private ChatServer() {
    }

    /** @return the application serving {@code room} at {@code /chat} */
    public static Application application(ChatRoom room) {
        return new Application(List.of(Route.of("/chat", () -> new ChatSocket(room))));
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        application(new ChatRoom()).listen(port);
        IOLoop.current().start();
    }
}
