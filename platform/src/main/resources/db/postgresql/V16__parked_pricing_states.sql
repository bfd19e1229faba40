-- A product's learning state of an agent and config that no longer prices it (an experiment variant took the product
-- over, or the experiment ended and the shop's binding took it back): parked when the product switches agent, resumed
-- when it switches back, so neither agent starts over. Keyed by the config's fingerprint (ConfigFingerprint).
CREATE TABLE pricing_parked_states (
    shop_id        VARCHAR(63)   NOT NULL,
    product_id     VARCHAR(200)  NOT NULL,
    strategy_id    VARCHAR(64)   NOT NULL,
    config_hash    VARCHAR(64)   NOT NULL, -- ConfigFingerprint: cfg- and 16 hex digits
    config_json    VARCHAR(8000) NOT NULL,
    list_price     DOUBLE PRECISION NOT NULL,
    format_version INTEGER       NOT NULL,
    bytes          BYTEA          NOT NULL,
    version        BIGINT        NOT NULL,
    observations   BIGINT        NOT NULL,
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    PRIMARY KEY (shop_id, product_id, strategy_id, config_hash)
);
