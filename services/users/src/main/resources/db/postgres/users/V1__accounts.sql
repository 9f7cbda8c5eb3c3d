-- Accounts, device sessions, profiles, privacy settings, contacts and blocks of the users service: the PostgreSQL
-- adapter (store.postgres); the embedded schema is db/users, and both hold the same facts. Tokens are stored only as
-- SHA-256 hashes. Later changes come as V2__..., never as edits of this file.

-- Search compares the search form of names (AccountRules.searchKey: NFKD, marks removed, lower case), computed in
-- Java and stored next to the name, so both adapters match exactly the same rows; pg_trgm indexes those keys, so a
-- username prefix (LIKE 'key%') and a part of a display name (LIKE '%key%') are both found through the index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id             bigint      PRIMARY KEY,              -- snowflake; its cell bits name the home cell
    username       text        COLLATE "C" NOT NULL,     -- canonical (AccountRules.username)
    display_name   text        NOT NULL,
    password_hash  text        NOT NULL,                 -- PHC string: $argon2id$v=19$m=..,t=..,p=..$salt$hash
    created_at     timestamptz NOT NULL,
    bio            text        NOT NULL DEFAULT '',
    -- The version of the current avatar; without one, minus the last version (0: never had one), so a new avatar
    -- never reuses a version a cache may still hold.
    avatar_version bigint      NOT NULL DEFAULT 0,
    -- Privacy settings (domain PrivacySettings, Audience names): who may start conversations, see last seen, see
    -- bio and avatar.
    messages_from  text        NOT NULL DEFAULT 'EVERYONE' CHECK (messages_from IN ('EVERYONE', 'CONTACTS', 'NOBODY')),
    last_seen_to   text        NOT NULL DEFAULT 'EVERYONE' CHECK (last_seen_to IN ('EVERYONE', 'CONTACTS', 'NOBODY')),
    profile_to     text        NOT NULL DEFAULT 'EVERYONE' CHECK (profile_to IN ('EVERYONE', 'CONTACTS', 'NOBODY')),
    username_key   text        COLLATE "C" NOT NULL,     -- AccountRules.searchKey(username)
    name_key       text        COLLATE "C" NOT NULL,     -- AccountRules.searchKey(display_name)
    CONSTRAINT users_username_unique UNIQUE (username)
);
CREATE INDEX users_username_key_trgm ON users USING gin (username_key gin_trgm_ops);
CREATE INDEX users_name_key_trgm ON users USING gin (name_key gin_trgm_ops);

-- The re-encoded avatar, one per user; its version is users.avatar_version.
CREATE TABLE avatars (
    user_id      bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version      bigint NOT NULL,
    content_type text   NOT NULL,
    image        bytea  NOT NULL
);

-- A device session. It ends when its refresh token expires unrefreshed, on logout, on revoke, when a refresh token of
-- it is reused, or when its user changes the password from another device; its tokens go with it (cascade).
CREATE TABLE devices (
    device_id      bigint      PRIMARY KEY,              -- snowflake; one session = one device
    user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_name    text        NOT NULL,
    created_at     timestamptz NOT NULL,
    last_active_at timestamptz NOT NULL,                 -- last login or refresh
    last_address   text        NOT NULL DEFAULT '',      -- client address of that request
    expires_at     timestamptz NOT NULL                  -- when the current refresh token expires
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE access_tokens (
    token_hash bytea       PRIMARY KEY,
    device_id  bigint      NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX access_tokens_device ON access_tokens (device_id);

-- Every refresh token of a device since its last expiry: the current one (rotated = false) and those already used,
-- kept until they would have expired so that a second use is recognized as theft.
CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY,
    device_id  bigint      NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    rotated    boolean     NOT NULL DEFAULT false
);
CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);

-- Contacts are symmetric: one row each way, so either side's list is one index range.
CREATE TABLE contacts (
    user_id    bigint      NOT NULL,
    contact_id bigint      NOT NULL,
    since      timestamptz NOT NULL,
    PRIMARY KEY (user_id, contact_id)
);

CREATE TABLE invitations (
    inviter    bigint      NOT NULL,
    invitee    bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (inviter, invitee)
);
CREATE INDEX invitations_invitee ON invitations (invitee, inviter);

CREATE TABLE blocks (
    blocker    bigint      NOT NULL,
    blocked    bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocker, blocked)
);
CREATE INDEX blocks_blocked ON blocks (blocked, blocker);
