package io.cellchat.domain.presence;

/** A user's presence as shown; {@code HIDDEN} when the viewer may not see it (docs/protocol.md, "Authorization"). */
public enum PresenceStatus {
    ONLINE,
    AWAY,
    BUSY,
    OFFLINE,
    HIDDEN
}
