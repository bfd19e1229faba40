-- Webhooks (issue 21): a shop's subscriptions to the published notifications, and the durable outbox they are
-- delivered from. Times are epoch milliseconds.
--
-- The secret is stored as given (not hashed): every delivery is signed with it (HMAC-SHA256), so it must be
-- recoverable; the API shows it only in the answer that created the webhook. docs/webhooks.md says why it is not
-- encrypted. A shop's webhooks (and their delivery log) go with the shop.
CREATE TABLE webhooks (
    id          VARCHAR(64)   PRIMARY KEY,
    shop_id     VARCHAR(63)   NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    url         VARCHAR(2048) NOT NULL,
    -- The notification names it receives, comma-separated (merchantry.price.changed,merchantry.model.trained).
    events      VARCHAR(1000) NOT NULL,
    secret      VARCHAR(256)  NOT NULL,
    created_at  BIGINT        NOT NULL
);
CREATE INDEX webhooks_by_shop ON webhooks (shop_id, created_at);

-- One row per (notification, webhook): written when the notification is published, before any attempt, so a node
-- killed at any moment loses nothing. state: PENDING (due at next_attempt_at), DELIVERED or FAILED (gave up at
-- give_up_at). A node attempting a delivery holds it until lease_until; attempts counts claims and fences the
-- result (only the holder of the current attempt may record it).
CREATE TABLE webhook_deliveries (
    id              VARCHAR(64)  PRIMARY KEY,
    webhook_id      VARCHAR(64)  NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    shop_id         VARCHAR(63)  NOT NULL,
    event_id        VARCHAR(64)  NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    -- The customer a notification is about (profile changes, erasures), so an erasure can remove it.
    customer_id     VARCHAR(200),
    -- The exact bytes sent ({id, type, shop, created_at, data}), so every attempt and redelivery is identical.
    body            TEXT         NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    created_at      BIGINT       NOT NULL,
    next_attempt_at BIGINT,
    give_up_at      BIGINT       NOT NULL,
    lease_until     BIGINT,
    lease_node      VARCHAR(200),
    finished_at     BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at);
CREATE INDEX webhook_deliveries_by_customer ON webhook_deliveries (shop_id, customer_id);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at);

-- The delivery log: one row per attempt that got a result (a status code, or an error such as a timeout).
CREATE TABLE webhook_attempts (
    delivery_id      VARCHAR(64)  NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt          INTEGER      NOT NULL,
    started_at       BIGINT       NOT NULL,
    duration_ms      BIGINT       NOT NULL,
    status_code      INTEGER,
    error            VARCHAR(500),
    response_excerpt VARCHAR(1000),
    node             VARCHAR(200),
    PRIMARY KEY (delivery_id, attempt)
);
