-- Scoped, revocable shop API keys: every credential gets a public id (what GET/DELETE .../keys/{id} name; the token
-- itself stays stored only as its SHA-256), its scopes (comma-separated: read, ingest, manage) and when it was last
-- used. Existing keys keep full power ('manage'); their id derives from the stored hash, which reveals nothing of
-- the token (a 256-bit secret).
ALTER TABLE credentials ADD COLUMN id VARCHAR(40);
ALTER TABLE credentials ADD COLUMN scopes VARCHAR(64) NOT NULL DEFAULT 'manage';
ALTER TABLE credentials ADD COLUMN last_used_at BIGINT;
UPDATE credentials SET id = 'key_' || substr(token_hash, 1, 16);
CREATE UNIQUE INDEX credentials_by_id ON credentials (id);
CREATE INDEX credentials_by_shop ON credentials (shop_id, created_at);

-- Login attempts per subject ('account:<sha256 of email>' or 'address:<client address>') and fixed window (start,
-- epoch ms), counted before the password is checked with one atomic upsert, so the limits hold across the nodes
-- sharing this database. Rows of past windows are purged periodically.
CREATE TABLE login_attempts (
    subject       VARCHAR(100) NOT NULL,
    window_start  BIGINT       NOT NULL,
    attempts      INTEGER      NOT NULL,
    PRIMARY KEY (subject, window_start)
);
CREATE INDEX login_attempts_by_window ON login_attempts (window_start);
