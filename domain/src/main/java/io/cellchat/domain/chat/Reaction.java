package io.cellchat.domain.chat;

import java.util.List;

/** Who reacted to a message with one emoji. */
public record Reaction(String emoji, List<Long> userIds) {

    public Reaction {
        userIds = List.copyOf(userIds);
    }
}
