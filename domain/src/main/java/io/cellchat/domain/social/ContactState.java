package io.cellchat.domain.social;

/** What links a user to another, as the first sees it (the contact list, and the live {@code contact} push). */
public enum ContactState {
    /** Nothing: an invitation declined or cancelled, a contact removed, a block lifted. */
    NONE,
    /** You invited them; waiting for their answer. */
    INVITATION_SENT,
    /** They invited you. */
    INVITATION_RECEIVED,
    CONTACT,
    /** You blocked them. */
    BLOCKED
}
