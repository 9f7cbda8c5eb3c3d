package io.cellchat.domain.social;

/** Who a privacy setting lets in: everyone signed in, the user's contacts, or nobody. */
public enum Audience {
    EVERYONE,
    CONTACTS,
    NOBODY
}
