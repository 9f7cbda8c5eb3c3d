/**
 * The Kafka backplane of the distributed cell (docs/design/cell.md) as code, shared by every role that reads or
 * writes it: the topics ({@link io.cellchat.backplane.BackplaneTopics}), the record keys
 * ({@link io.cellchat.backplane.Keys}) and the one codec between domain types and the records of
 * {@code cellchat/backplane/v1/backplane.proto} ({@link io.cellchat.backplane.EventCodec},
 * {@link io.cellchat.backplane.CommandCodec}, {@link io.cellchat.backplane.OutcomeCodec},
 * {@link io.cellchat.backplane.DeliveryCodec}).
 *
 * <p>Why a module of its own: the edge writes commands and reads deliveries, the sequencer reads commands and
 * writes events, the materializer reads events and writes deliveries. Services may not import one another, and
 * {@code contracts} may not know the domain, so the mapping lives here once instead of three times. Decoding is
 * strict: a record that does not map to a valid domain value is an {@link io.cellchat.backplane.BadRecordException}
 * naming the field, never a half-filled value.
 */
package io.cellchat.backplane;
