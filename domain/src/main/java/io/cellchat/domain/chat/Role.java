package io.cellchat.domain.chat;

/** A member's role in a group. Direct conversations have two plain members. */
public enum Role {
    MEMBER,
    ADMIN,
    OWNER;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}
