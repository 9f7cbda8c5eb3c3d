package io.cellchat.domain.account;

/** Who is on the other end of a request: a user, on one device (one login session). */
public record Principal(long userId, long deviceId) {}
