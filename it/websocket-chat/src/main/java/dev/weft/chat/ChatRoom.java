package dev.weft.chat;

import dev.weft.Co;
import dev.weft.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The members of one chat room, and what was said there (Tornado's chat demo, over WebSocket).
 *
 * <p>Thread rules: the server's loop thread only, as its handlers.
 */
public final class ChatRoom {
    private final Set<ChatSocket> members = new LinkedHashSet<>();
    private final List<String> transcript = new ArrayList<>();

    void join(ChatSocket member) {
        members.add(member);
    }

    void leave(ChatSocket member) {
        members.remove(member);
    }

    /**
     * Sends {@code line} to every member.
     *
     * @return completes when every member's connection has taken it (a slow member slows down
     *     whoever is talking, instead of the server buffering for it without bound)
     */
    Future<List<Void>> broadcast(String line) {
        transcript.add(line);
        List<Future<Void>> sent = new ArrayList<>();
        for (ChatSocket m : members) {
            Future<Void> f = m.writeMessage(line);
            // A member that has just gone cannot take it; the others still do.
            Future<Void> tolerant = new Future<>();
            f.addDoneCallback(done -> tolerant.setResult(null));
            sent.add(tolerant);
        }
        return Co.all(sent);
    }

    /** @return everything said so far, in order */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }
}
