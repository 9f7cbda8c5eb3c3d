package io.cellchat.domain.delivery;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A push for every connected device of some users. One object for all recipients: the in-process bus hands it to
 * the local connections as is; the Kafka adapter writes one record per recipient, keyed by user, on
 * {@code chat.deliveries}.
 */
public record Delivery(Set<Long> recipients, Push push) {

    public Delivery {
        recipients = Set.copyOf(recipients);
        requireNonNull(push, "push");
    }
}
