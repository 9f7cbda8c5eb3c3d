package io.cellchat.domain.presence;

public enum PresenceStatus {
    ONLINE,
    AWAY,
    BUSY,
    OFFLINE
}
