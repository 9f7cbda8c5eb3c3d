package io.cellchat.domain.chat;

import java.util.Set;

/**
 * The message a command points at (edit, delete, react, reply), as the rules need it.
 *
 * @param seq its sequence number
 * @param sender who posted it
 * @param deleted whether it is a tombstone
 * @param text its current text, to tell a no-op edit
 * @param actorReactions the emojis the acting user already put on it
 */
public record TargetMessage(long seq, long sender, boolean deleted, String text, Set<String> actorReactions) {

    public TargetMessage {
        actorReactions = Set.copyOf(actorReactions);
    }
}
