/**
 * The sequencing core, shared by every sequencer: decide a command with the chat rules, number its events without
 * gap, compute the state after them and who receives them. Pure: no I/O, no threads.
 *
 * <p>The pieces:
 * <ul>
 *   <li>{@link io.cellchat.domain.chat.sequencing.Sequencer}: one command in, one
 *       {@link io.cellchat.domain.chat.sequencing.Sequenced} outcome out (or a refusal);</li>
 *   <li>{@link io.cellchat.domain.chat.sequencing.SequencerState}: the port it reads (idempotency records,
 *       conversations, messages, the actor's reactions);</li>
 *   <li>{@link io.cellchat.domain.chat.sequencing.RulesProjection}: how an event changes that state, and
 *       {@code save} for a {@link io.cellchat.domain.chat.sequencing.SequencerStateStore} that keeps exactly it.</li>
 * </ul>
 *
 * <p>A sequencer adapter is then a loop: take a command, {@code sequence} it against its state, persist the outcome
 * (the events, the state after them, the idempotency record: atomically, durably), and publish the outcome's
 * deliveries in order. The single process does that inside its store's group commit; the distributed cell's
 * sequencer inside a Kafka transaction over its state stores.
 */
package io.cellchat.domain.chat.sequencing;
