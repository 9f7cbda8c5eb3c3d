package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatException;

import java.util.concurrent.CompletableFuture;

/**
 * Port: the write side of conversations, where commands are made durable and numbered.
 *
 * <p>{@link #append} completes only once the command is durable, so the sender's {@code accepted} means the
 * message survives a crash. Implementations decide with {@link ChatRules}, give appended events the next sequence
 * numbers of their conversation with no gap, remember idempotency keys, and then publish the events to the
 * {@link io.cellchat.domain.delivery.EventBus} in sequence order.
 *
 * <ul>
 *   <li>Embedded: SQLite; sequencing happens inside the store transaction, with group commit.</li>
 *   <li>Distributed: Kafka {@code chat.commands} with {@code acks=all}, then the sequencer.</li>
 * </ul>
 */
public interface ChatLog {

    /**
     * Makes a command durable.
     *
     * @return the result once durable; completes exceptionally with {@link ChatException} if a rule refuses it,
     *     with nothing stored
     */
    CompletableFuture<Appended> append(CommandEnvelope command);

    /**
     * A durable command.
     *
     * @param seq the sequence number of its (last) event, 0 if it took none
     * @param messageId the ID of the posted message, 0 if none
     */
    record Appended(ConversationId conversation, long seq, long messageId) {}
}
