package io.cellchat.domain.chat.sequencing;

import static java.util.Objects.requireNonNull;

/**
 * What the rules need of one posted message: who sent it (only the sender edits or deletes), whether it is a
 * tombstone, and its current text (an edit to the same text changes nothing). A sequencer's state keeps one per
 * message, keyed by conversation and sequence number.
 *
 * @param sender the user who posted it
 * @param deleted whether it was deleted (its text is then empty)
 * @param text its text after the latest edit
 */
public record MessageState(long sender, boolean deleted, String text) {

    public MessageState {
        requireNonNull(text, "text");
    }
}
