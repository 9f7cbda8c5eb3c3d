-- Conversations, members with receipts, and every conversation's gap-free event sequence (history service).
-- One transaction appends an event, takes its sequence number and updates the materialized state, so a
-- committed sequence never has a gap.

CREATE TABLE conversations (
    id               TEXT    PRIMARY KEY,       -- d:<low>:<high> or g:<snowflake>
    kind             TEXT    NOT NULL,          -- DIRECT | GROUP
    title            TEXT    NOT NULL,          -- groups only
    last_seq         INTEGER NOT NULL,          -- sequence number of the latest event
    last_activity_at INTEGER NOT NULL,          -- ms since the Unix epoch
    created_at       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE members (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id),
    user_id         INTEGER NOT NULL,
    role            TEXT    NOT NULL,           -- MEMBER | ADMIN | OWNER
    delivered_seq   INTEGER NOT NULL,           -- receipts: only move forward; seen implies delivered
    seen_seq        INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;

CREATE INDEX members_by_user ON members (user_id);

-- One row per sequence number. A MESSAGE row also holds the message's current state (text after edits, the
-- tombstone flag), so sync and history read messages as they are now.
CREATE TABLE events (
    conversation_id TEXT    NOT NULL REFERENCES conversations (id),
    seq             INTEGER NOT NULL,
    event_id        INTEGER NOT NULL,           -- snowflake; the message ID of a MESSAGE
    actor           INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    kind            TEXT    NOT NULL,           -- MESSAGE EDITED DELETED REACTION GROUP_CREATED GROUP_RENAMED
                                                -- MEMBERS_ADDED MEMBER_REMOVED MEMBER_LEFT ROLE_CHANGED
    target_seq      INTEGER NOT NULL DEFAULT 0, -- EDITED, DELETED, REACTION: the message; MESSAGE: reply-to
    text            TEXT,                       -- MESSAGE and EDITED: text; GROUP_*: title; REACTION: emoji
    flag            INTEGER NOT NULL DEFAULT 0, -- REACTION: 1 added, 0 removed
    members         TEXT,                       -- GROUP_CREATED, MEMBERS_ADDED, MEMBER_*, ROLE_CHANGED: "id:ROLE,..."
    idempotency_key TEXT,                       -- MESSAGE: the sender's key
    edited_at       INTEGER,                    -- MESSAGE: last edit
    deleted         INTEGER NOT NULL DEFAULT 0, -- MESSAGE: tombstone (text cleared)
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;

CREATE TABLE reactions (
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    emoji           TEXT    NOT NULL,
    user_id         INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq, emoji, user_id)
) WITHOUT ROWID;

-- Idempotency keys of appended commands: a retry with the same key and fingerprint returns the first result.
CREATE TABLE idempotency (
    user_id         INTEGER NOT NULL,
    key             TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
