-- Each user's own settings per conversation (users service, package prefs), in the distributed cell. One row per
-- conversation whose settings the user changed; a row set back to the defaults is deleted. No foreign key to the
-- history: conversations live in Cassandra.
CREATE TABLE conversation_prefs (
    user_id         BIGINT  NOT NULL,
    conversation_id TEXT    NOT NULL COLLATE "C",
    pinned_at_ms    BIGINT  NOT NULL DEFAULT 0,  -- 0 = not pinned; orders the pinned ones, latest first
    archived        BOOLEAN NOT NULL DEFAULT FALSE,
    muted_until_ms  BIGINT  NOT NULL DEFAULT 0,  -- 0 = not muted; 9223372036854775807 = until unmuted
    PRIMARY KEY (user_id, conversation_id)
);
