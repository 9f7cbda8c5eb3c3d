-- Accounts and their device sessions (users service). Tokens are stored only as SHA-256 hashes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,          -- snowflake; its cell bits name the home cell
    username      TEXT    NOT NULL UNIQUE,      -- canonical lower-case
    display_name  TEXT    NOT NULL,
    search_name   TEXT    NOT NULL,             -- display_name lower-cased by Java (SQLite folds ASCII only)
    password_hash TEXT    NOT NULL,             -- PHC string: $argon2id$v=19$m=..,t=..,p=..$salt$hash
    created_at    INTEGER NOT NULL              -- ms since the Unix epoch
);

CREATE INDEX users_search_name ON users (search_name);

CREATE TABLE sessions (
    token_hash  BLOB    PRIMARY KEY,            -- SHA-256 of the bearer token
    user_id     INTEGER NOT NULL REFERENCES users (id),
    device_id   INTEGER NOT NULL UNIQUE,        -- snowflake; one session = one device
    device_name TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
