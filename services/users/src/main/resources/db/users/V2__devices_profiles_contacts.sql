-- Issue 11: device sessions with short-lived access tokens and rotating refresh tokens; profiles (bio, avatar) and
-- privacy settings; contacts, invitations and blocks; search by trigram. Tokens are stored only as SHA-256 hashes.

-- A device session. It ends when its refresh token expires unrefreshed, on logout, on revoke, when a refresh token of
-- it is reused, or when its user changes the password from another device.
CREATE TABLE devices (
    device_id      INTEGER PRIMARY KEY,         -- snowflake; one session = one device
    user_id        INTEGER NOT NULL REFERENCES users (id),
    device_name    TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,            -- ms since the Unix epoch
    last_active_at INTEGER NOT NULL,            -- last login or refresh
    last_address   TEXT    NOT NULL DEFAULT '', -- client address of that request
    expires_at     INTEGER NOT NULL             -- when the current refresh token expires
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE access_tokens (
    token_hash BLOB    PRIMARY KEY,             -- SHA-256 of the bearer token
    device_id  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX access_tokens_device ON access_tokens (device_id);

-- Every refresh token of a device since its last expiry: the current one (rotated = 0) and those already used
-- (rotated = 1), kept until they would have expired so that a second use is recognized as theft.
CREATE TABLE refresh_tokens (
    token_hash BLOB    PRIMARY KEY,
    device_id  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    rotated    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);

-- The 0.1 sessions become devices whose token is an access token valid until the session would have expired; they
-- have no refresh token, so their clients log in again then.
INSERT INTO devices (device_id, user_id, device_name, created_at, last_active_at, last_address, expires_at)
    SELECT device_id, user_id, device_name, created_at, created_at, '', expires_at FROM sessions;
INSERT INTO access_tokens (token_hash, device_id, expires_at) SELECT token_hash, device_id, expires_at FROM sessions;
DROP TABLE sessions;

ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN avatar_version INTEGER NOT NULL DEFAULT 0;   -- 0 = none
-- Privacy settings (domain PrivacySettings): who may start conversations, see last seen, see bio and avatar.
ALTER TABLE users ADD COLUMN messages_from TEXT NOT NULL DEFAULT 'EVERYONE';
ALTER TABLE users ADD COLUMN last_seen_to TEXT NOT NULL DEFAULT 'EVERYONE';
ALTER TABLE users ADD COLUMN profile_to TEXT NOT NULL DEFAULT 'EVERYONE';

-- The re-encoded avatar (JPEG, 256 x 256), one per user; its version is users.avatar_version.
CREATE TABLE avatars (
    user_id      INTEGER PRIMARY KEY,
    version      INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    image        BLOB    NOT NULL
);

-- Contacts are symmetric: one row each way, so either side's list is one index range.
CREATE TABLE contacts (
    user_id    INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    since      INTEGER NOT NULL,
    PRIMARY KEY (user_id, contact_id)
) WITHOUT ROWID;

CREATE TABLE invitations (
    inviter    INTEGER NOT NULL,
    invitee    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (inviter, invitee)
) WITHOUT ROWID;
CREATE INDEX invitations_invitee ON invitations (invitee, inviter);

CREATE TABLE blocks (
    blocker    INTEGER NOT NULL,
    blocked    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker, blocked)
) WITHOUT ROWID;
CREATE INDEX blocks_blocked ON blocks (blocked, blocker);

-- Search: the username and the display name in search form (AccountRules.searchKey: no case, no accents), indexed
-- by trigrams, so a query of 3 or more characters finds a username prefix or any part of a display name through the
-- index (the embedded counterpart of pg_trgm). rowid = users.id. The store fills it; rows of 0.1 are added at open.
CREATE VIRTUAL TABLE user_search USING fts5(username_key, name_key, tokenize = 'trigram');
