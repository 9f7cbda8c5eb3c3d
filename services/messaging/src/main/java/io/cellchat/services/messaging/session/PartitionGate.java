package io.cellchat.services.messaging.session;

import java.util.Optional;

/**
 * Whether this server serves a user. A server of a distributed cell serves the users of the partitions of
 * {@code chat.deliveries} it owns; the single process serves everyone ({@link #EVERYONE}).
 */
@FunctionalInterface
public interface PartitionGate {

    /**
     * Where the user must connect instead, checked when a connection opens (off the event loop: it may ask the
     * routing table).
     *
     * @return empty if this server serves the user; else the owner's address, or {@code ""} when no owner is known
     *     yet
     */
    Optional<String> redirect(long userId);

    PartitionGate EVERYONE = userId -> Optional.empty();
}
