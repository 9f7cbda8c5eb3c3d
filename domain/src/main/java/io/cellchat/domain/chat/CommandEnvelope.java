package io.cellchat.domain.chat;

import static java.util.Objects.requireNonNull;

/**
 * A command with who sent it and its idempotency key.
 *
 * @param actor the user
 * @param deviceId the device (session) it came from
 * @param idempotencyKey client-chosen key; a retry with the same key and the same content returns the first result,
 *     the same key with other content is refused; empty for none
 * @param fingerprint a digest of the command's content, compared on retries
 * @param command what is asked
 */
public record CommandEnvelope(long actor, long deviceId, String idempotencyKey, String fingerprint, ChatCommand command) {

    public CommandEnvelope {
        requireNonNull(idempotencyKey, "idempotencyKey");
        requireNonNull(fingerprint, "fingerprint");
        requireNonNull(command, "command");
    }

    public boolean hasIdempotencyKey() {
        return !idempotencyKey.isEmpty();
    }
}
