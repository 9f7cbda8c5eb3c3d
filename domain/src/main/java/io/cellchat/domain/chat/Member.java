package io.cellchat.domain.chat;

import static java.util.Objects.requireNonNull;

/**
 * A member of a conversation with their receipt marks: every event up to {@code deliveredSeq} reached one of their
 * devices; every event up to {@code seenSeq} was shown. Marks only move forward and seen implies delivered.
 */
public record Member(long userId, Role role, long deliveredSeq, long seenSeq) {

    public Member {
        requireNonNull(role, "role");
    }

    public static Member joined(long userId, Role role) {
        return new Member(userId, role, 0, 0);
    }
}
