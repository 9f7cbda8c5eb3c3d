-- Each user's own settings per conversation (users service, package prefs). One row per conversation whose settings
-- the user changed; a row set back to the defaults is deleted. No foreign key to the history: conversations live in
-- another service (and, in a distributed cell, another database).
CREATE TABLE conversation_prefs (
    user_id         INTEGER NOT NULL,
    conversation_id TEXT    NOT NULL,
    pinned_at_ms    INTEGER NOT NULL DEFAULT 0,  -- 0 = not pinned; orders the pinned ones, latest first
    archived        INTEGER NOT NULL DEFAULT 0,  -- 0 or 1
    muted_until_ms  INTEGER NOT NULL DEFAULT 0,  -- 0 = not muted; 9223372036854775807 = until unmuted
    PRIMARY KEY (user_id, conversation_id)
) WITHOUT ROWID;
