-- Console accounts: merchants (and admins) log in with email and password; sessions are bearer tokens stored as
-- SHA-256 hashes, like API keys. Emails are stored lower-cased; passwords only as PBKDF2 hash strings.
CREATE TABLE users (
    email          VARCHAR(254) PRIMARY KEY,
    password_hash  VARCHAR(255) NOT NULL,
    admin          BOOLEAN      NOT NULL,
    created_at     BIGINT       NOT NULL
);

-- Which shops a merchant may open (admins reach every shop and need no rows here).
CREATE TABLE user_shops (
    email    VARCHAR(254) NOT NULL REFERENCES users(email) ON DELETE CASCADE,
    shop_id  VARCHAR(63)  NOT NULL REFERENCES shops(id),
    PRIMARY KEY (email, shop_id)
);

CREATE TABLE sessions (
    token_hash  CHAR(64)     PRIMARY KEY,
    email       VARCHAR(254) NOT NULL REFERENCES users(email) ON DELETE CASCADE,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
