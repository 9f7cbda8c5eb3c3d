/**
 * The history service: conversations, their gap-free event sequences, receipts, and the reads a client needs to
 * prove it missed nothing (conversation list with latest sequence numbers, sync of an exact range, history paging).
 *
 * <p>It implements the {@link io.cellchat.domain.chat.ChatLog} and {@link io.cellchat.domain.chat.ChatReader}
 * ports. The embedded adapter ({@code store.sqlite}) is also the sequencer of the single process: it decides each
 * command with {@link io.cellchat.domain.chat.ChatRules} and numbers the events inside the same SQLite transaction
 * that stores them, committing many commands per fsync. The distributed cell replaces it with the Kafka sequencer
 * and a Cassandra materializer behind the same ports.
 */
package io.cellchat.services.history;
