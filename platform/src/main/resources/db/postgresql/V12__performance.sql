-- Outcomes per strategy per day (issue 23). Times are epoch milliseconds; days are UTC days (epoch day numbers).

-- Every recommendation list served with at least one item: written off the serving path in batches, kept for a
-- configurable number of days (serve --impression-retention-days), then only its daily aggregate remains.
-- items: the served product ids in order, separated by newlines (compact: one row per list, not per item).
-- user_key: the customer as stored (pseudonym when the shop pseudonymizes), null for a product-page request.
CREATE TABLE recommendation_impressions (
    shop_id           VARCHAR(63)  NOT NULL,
    recommendation_id VARCHAR(64)  NOT NULL,
    ts                BIGINT       NOT NULL,
    strategy_id       VARCHAR(64)  NOT NULL,
    experiment_id     VARCHAR(64),
    variant_id        VARCHAR(64),
    user_key          VARCHAR(200),
    items             TEXT         NOT NULL,
    PRIMARY KEY (shop_id, recommendation_id)
);
CREATE INDEX recommendation_impressions_by_time ON recommendation_impressions (shop_id, ts);
CREATE INDEX recommendation_impressions_by_user ON recommendation_impressions (shop_id, user_key, ts);

-- Final daily outcomes of one strategy (and A/B variant; '' when none) of one kind: written once a day can no
-- longer change (its attribution window has closed), so they outlive the raw impressions. metrics_json holds the
-- kind's figures (docs/rest-api.md, Performance).
CREATE TABLE performance_daily (
    shop_id      VARCHAR(63)  NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    strategy_id  VARCHAR(64)  NOT NULL,
    variant_id   VARCHAR(64)  NOT NULL,
    day          BIGINT       NOT NULL,
    metrics_json TEXT         NOT NULL,
    computed_at  BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, kind, day, strategy_id, variant_id)
);
