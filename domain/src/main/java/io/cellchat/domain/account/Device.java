package io.cellchat.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One device session as its user sees it in the device list.
 *
 * @param lastActive the last login or token refresh on it
 * @param address the client address of that request (IPv4 or IPv6, as the server saw it)
 * @param current whether this is the device asking
 */
public record Device(long deviceId, String name, Instant createdAt, Instant lastActive, String address,
        boolean current) {

    public Device {
        requireNonNull(name, "name");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(lastActive, "lastActive");
        requireNonNull(address, "address");
    }
}
