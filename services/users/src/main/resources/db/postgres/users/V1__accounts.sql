-- Accounts and their device sessions (users service, PostgreSQL adapter; the SQLite schema is db/users).
-- Tokens are stored only as SHA-256 hashes. Later migrations (V2__..., one per change) add contacts, blocking,
-- profiles and a pg_trgm index for search; they only add tables, columns and indexes, never rewrite these.

CREATE TABLE users (
    id            bigint      PRIMARY KEY,               -- snowflake; its cell bits name the home cell
    username      text        COLLATE "C" NOT NULL,      -- canonical lower-case ASCII (AccountRules.username)
    display_name  text        NOT NULL,
    search_name   text        COLLATE "C" NOT NULL,      -- display_name lower-cased by Java (Locale.ROOT)
    password_hash text        NOT NULL,                  -- PHC string: $argon2id$v=19$m=..,t=..,p=..$salt$hash
    created_at    timestamptz NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username)   -- its index (C collation) also serves prefix search
);

-- Prefix search on display names: with the C collation, LIKE 'prefix%' is a range scan of this index.
CREATE INDEX users_search_name ON users (search_name);

CREATE TABLE sessions (
    token_hash  bytea       PRIMARY KEY,                 -- SHA-256 of the bearer token
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id   bigint      NOT NULL UNIQUE,             -- snowflake; one session = one device
    device_name text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);  -- for sweeping expired sessions
