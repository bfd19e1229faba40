-- Foundation schema, SQLite edition of db/postgresql/V1 (same tables, columns and queries; only identity columns
-- and blob types differ). Times are epoch milliseconds (BIGINT). SQLite does not enforce VARCHAR lengths: the API
-- validates lengths before anything reaches storage, so both engines accept and refuse the same values.
CREATE TABLE shops (
    id          VARCHAR(63)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE credentials (
    token_hash  CHAR(64)     PRIMARY KEY,
    role        VARCHAR(16)  NOT NULL,
    shop_id     VARCHAR(63)  REFERENCES shops(id),
    label       VARCHAR(200),
    created_at  BIGINT       NOT NULL
);

CREATE TABLE bindings (
    shop_id     VARCHAR(63)  NOT NULL REFERENCES shops(id),
    kind        VARCHAR(16)  NOT NULL,
    strategy_id VARCHAR(64)  NOT NULL,
    config_json TEXT         NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    version     BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    updated_by  VARCHAR(200) NOT NULL,
    PRIMARY KEY (shop_id, kind)
);

CREATE TABLE binding_changes (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id          VARCHAR(63)  NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    action           VARCHAR(16)  NOT NULL,
    actor            VARCHAR(200) NOT NULL,
    at               BIGINT       NOT NULL,
    old_strategy_id  VARCHAR(64),
    old_config_json  TEXT,
    old_enabled      BOOLEAN,
    new_strategy_id  VARCHAR(64),
    new_config_json  TEXT,
    new_enabled      BOOLEAN
);
CREATE INDEX binding_changes_by_binding ON binding_changes (shop_id, kind, id);

CREATE TABLE models (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id        VARCHAR(63)  NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    strategy_id    VARCHAR(64)  NOT NULL,
    version        BIGINT       NOT NULL,
    format_version INTEGER      NOT NULL,
    bytes          BLOB         NOT NULL,
    metrics_json   TEXT         NOT NULL,
    job_id         VARCHAR(64),
    created_at     BIGINT       NOT NULL,
    UNIQUE (shop_id, kind, version)
);

-- Which model serves each (shop, kind): swapped in the same transaction that stores a new model.
CREATE TABLE active_models (
    shop_id   VARCHAR(63) NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    model_id  BIGINT      NOT NULL REFERENCES models(id),
    PRIMARY KEY (shop_id, kind)
);

CREATE TABLE jobs (
    id            VARCHAR(64)  PRIMARY KEY,
    shop_id       VARCHAR(63)  NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    strategy_id   VARCHAR(64)  NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    progress      DOUBLE PRECISION NOT NULL,
    message       TEXT,
    metrics_json  TEXT,
    error         TEXT,
    created_at    BIGINT       NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    node          VARCHAR(200)
);
CREATE INDEX jobs_by_shop ON jobs (shop_id, created_at);

CREATE TABLE settings (
    scope       VARCHAR(63)  NOT NULL,
    name        VARCHAR(100) NOT NULL,
    value_json  TEXT         NOT NULL,
    PRIMARY KEY (scope, name)
);
