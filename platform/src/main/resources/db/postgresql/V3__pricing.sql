-- Pricing agents. One learning state per (shop, product): created with INSERT … ON CONFLICT DO NOTHING (one winner in
-- a cluster) and replaced only by compare-and-set on version, so concurrent outcomes on any node never lose an update.
CREATE TABLE pricing_states (
    shop_id        VARCHAR(63)  NOT NULL,
    product_id     VARCHAR(200) NOT NULL,
    strategy_id    VARCHAR(64)  NOT NULL,
    config_json    VARCHAR(8000) NOT NULL,
    list_price     DOUBLE PRECISION NOT NULL,
    format_version INTEGER      NOT NULL,
    bytes          BYTEA        NOT NULL,
    version        BIGINT       NOT NULL,
    observations   BIGINT       NOT NULL,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, product_id)
);

-- Every decision. status: pending (suggest mode, awaiting approval), active (price in force, outcome not yet known),
-- observed (outcome learned), rejected (merchant said no), expired (a newer suggestion replaced it).
-- period_start/period_end: when the price was in force (end moves earlier when a newer price takes effect).
CREATE TABLE pricing_decisions (
    id               VARCHAR(64)  PRIMARY KEY,
    shop_id          VARCHAR(63)  NOT NULL,
    product_id       VARCHAR(200) NOT NULL,
    strategy_id      VARCHAR(64)  NOT NULL,
    price            DOUBLE PRECISION NOT NULL,
    previous_price   DOUBLE PRECISION,
    exploring        BOOLEAN      NOT NULL,
    explanation      VARCHAR(2000) NOT NULL,
    expected_units   DOUBLE PRECISION,
    expected_revenue DOUBLE PRECISION,
    expected_profit  DOUBLE PRECISION,
    mode             VARCHAR(16)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    decided_at       BIGINT       NOT NULL,
    period_start     BIGINT,
    period_end       BIGINT,
    units            DOUBLE PRECISION,
    revenue          DOUBLE PRECISION,
    outcome_source   VARCHAR(16),
    outcome_at       BIGINT
);
CREATE INDEX pricing_decisions_by_product ON pricing_decisions (shop_id, product_id, decided_at);
CREATE INDEX pricing_decisions_by_status ON pricing_decisions (shop_id, status, period_end);
