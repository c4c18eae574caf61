-- Browser sessions of the web console: a person signs in once with an API key and gets an HttpOnly cookie.
-- Only the SHA-256 of the cookie's token is stored, and the key's digest (never the key): a key removed from
-- configuration ends its sessions, and sign-out ends one for every api instance.
CREATE TABLE IF NOT EXISTS console_sessions (
    token_hash  bytea PRIMARY KEY,
    key_digest  bytea NOT NULL,
    org_id      text NOT NULL,
    user_id     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    ended_at    timestamptz
);
CREATE INDEX IF NOT EXISTS console_sessions_expires ON console_sessions (expires_at);
