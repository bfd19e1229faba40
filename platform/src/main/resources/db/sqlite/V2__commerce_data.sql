-- Commerce data: events (the source of truth), their product lines, catalog and inventory snapshots.
-- Times are epoch milliseconds; days are UTC days (ts / 86400000).

-- One row per accepted event; (shop_id, event_id) is the idempotency key. The rowid is the primary key so the wide
-- rows are appended; the random-order idempotency key lives in a narrow unique index.
CREATE TABLE events (
    id                INTEGER PRIMARY KEY,
    shop_id           VARCHAR(63)  NOT NULL,
    event_id          VARCHAR(128) NOT NULL,
    type              VARCHAR(32)  NOT NULL,
    ts                BIGINT       NOT NULL,
    customer_id       VARCHAR(200),
    anonymous_id      VARCHAR(200),
    order_id          VARCHAR(200),
    revenue           DOUBLE PRECISION,
    discount          DOUBLE PRECISION,
    currency          CHAR(3),
    recommendation_id VARCHAR(128),
    strategy_id       VARCHAR(128),
    variant_id        VARCHAR(128),
    properties_json   TEXT         NOT NULL,
    received_at       BIGINT       NOT NULL,
    CONSTRAINT events_idempotency UNIQUE (shop_id, event_id)
);
-- Few indexes on purpose: every index is written on the hot ingestion path. Training-time views may scan a shop;
-- rare operations (erasure of an anonymous id, refund lookup) scan too.
CREATE INDEX events_by_customer ON events (shop_id, customer_id, ts);
CREATE INDEX events_by_time ON events (shop_id, ts);

-- The products an event is about: one row for a product event, one per line for an order. Denormalized (user,
-- type, time) so every per-product and per-user view is a single indexed scan without a join.
CREATE TABLE event_items (
    id          INTEGER PRIMARY KEY,
    shop_id     VARCHAR(63)  NOT NULL,
    event_id    VARCHAR(128) NOT NULL,
    line_no     INTEGER      NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    ts          BIGINT       NOT NULL,
    user_key    VARCHAR(200) NOT NULL,
    product_id  VARCHAR(200) NOT NULL,
    category    VARCHAR(200),
    price       DOUBLE PRECISION,
    quantity    DOUBLE PRECISION NOT NULL,
    rating      DOUBLE PRECISION
);
CREATE INDEX event_items_by_product ON event_items (shop_id, product_id, type, ts);
CREATE INDEX event_items_by_user ON event_items (shop_id, user_key);

CREATE TABLE products (
    shop_id     VARCHAR(63)  NOT NULL,
    product_id  VARCHAR(200) NOT NULL,
    sku         VARCHAR(64),
    title       VARCHAR(500),
    category    VARCHAR(200),
    price       DOUBLE PRECISION,
    cost        DOUBLE PRECISION,
    currency    CHAR(3),
    hidden      BOOLEAN      NOT NULL,
    on_hand     BIGINT,
    on_hand_at  BIGINT,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, product_id)
);
CREATE INDEX products_by_category ON products (shop_id, category, product_id);

CREATE TABLE inventory_snapshots (
    shop_id     VARCHAR(63)  NOT NULL,
    product_id  VARCHAR(200) NOT NULL,
    ts          BIGINT       NOT NULL,
    on_hand     BIGINT       NOT NULL,
    received_at BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, product_id, ts)
);
