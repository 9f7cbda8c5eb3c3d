package io.cellchat.domain.chat;

import static java.util.Objects.requireNonNull;

/**
 * The content of a message. Text only for now; end-to-end encrypted content and media join this closed set later.
 */
public sealed interface MessageBody {

    record Text(String text) implements MessageBody {
        public Text {
            requireNonNull(text, "text");
        }
    }
}
