package dev.weft.chat;

import static dev.weft.web.WebSocketClientConnection.websocketConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.Co;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.IOLoop;
import dev.weft.http.HttpServer;
import dev.weft.http.HttpServerOptions;
import dev.weft.web.WebSocketClientConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three members join the room over real sockets, talk and leave; every member's transcript is
 * what the room said from their joining on, in the same order. The server and the clients share
 * one loop, so the test is one coroutine.
 */
class ChatRoomTest {
    /** Reads messages from {@code ws} into {@code seen} until {@code last} arrives. */
    @Coroutine
    static Future<Void> readUntil(WebSocketClientConnection ws, List<String> seen, String last) {
        while (true) {
            Object m = Co.await(ws.readMessage());
            if (m == null) {
                throw new AssertionError("closed before \"" + last + "\"; saw " + seen);
            }
            seen.add((String) m);
            if (m.equals(last)) {
                return Future.completed();
            }
        }
    }

    @Coroutine
    static Future<Map<String, List<String>>> conversation(int port) {
        String url = "ws://127.0.0.1:" + port + "/chat?name=";
        Map<String, List<String>> seen = new LinkedHashMap<>();
        Map<String, WebSocketClientConnection> ws = new LinkedHashMap<>();
        for (String name : List.of("alice", "bob", "carol")) {
            seen.put(name, new ArrayList<>());
            ws.put(name, Co.await(websocketConnect(url + name)));
            // Wait until everyone present heard of the newcomer: the order is then certain.
            for (String present : ws.keySet()) {
                Co.await(readUntil(ws.get(present), seen.get(present), "* " + name + " joined"));
            }
        }
        String[][] lines = {{"alice", "hi, all"}, {"bob", "hello alice"}, {"carol", "héllo, bye ✓"}};
        for (String[] line : lines) {
            Co.await(ws.get(line[0]).writeMessage(line[1]));
            for (String member : ws.keySet()) {
                Co.await(readUntil(ws.get(member), seen.get(member), line[0] + ": " + line[1]));
            }
        }
        WebSocketClientConnection carol = ws.remove("carol");
        carol.close(1000, "bye");
        assertNull(Co.await(carol.readMessage()));
        for (String member : ws.keySet()) {
            Co.await(readUntil(ws.get(member), seen.get(member), "* carol left"));
        }
        for (WebSocketClientConnection c : ws.values()) {
            c.close(1000, null);
            while (Co.await(c.readMessage()) != null) {
                // bob may still hear "* alice left" before his own close completes
            }
        }
        return Future.completed(seen);
    }

    @Test
    void membersJoinTalkAndLeaveAndEveryoneHearsTheSameTranscript() throws Exception {
        ChatRoom room = new ChatRoom();
        IOLoop loop = IOLoop.current();
        HttpServer server = ChatServer.application(room).listen(0, "127.0.0.1", new HttpServerOptions());
        Map<String, List<String>> seen;
        try {
            seen = loop.runSync(() -> conversation(server.boundPort()), Duration.ofSeconds(60));
        } finally {
            server.stop();
        }
        List<String> all = List.of("* alice joined", "* bob joined", "* carol joined",
                "alice: hi, all", "bob: hello alice", "carol: héllo, bye ✓", "* carol left");
        assertEquals(all, seen.get("alice"));
        assertEquals(all.subList(1, all.size()), seen.get("bob"));
        assertEquals(all.subList(2, 6), seen.get("carol"));
        // The room's own record, as the server saw it (alice and bob left after the test's end).
        assertEquals(all, room.transcript().subList(0, all.size()));
        StringBuilder out = new StringBuilder();
        seen.forEach((name, heard) -> heard.forEach(l -> out.append(name).append(" <- ").append(l).append('\n')));
        Files.writeString(Path.of("target", "transcript.txt"), out, StandardCharsets.UTF_8);
    }
}
