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

-- Final daily outcomes of one strategy of one kind, per segment (recommender: the A/B variant; forecaster: the
-- product category; '' when none): written once a day can no longer change (for recommendations, once its
-- attribution window has closed), so they outlive the raw impressions and forecasts. metrics_json holds the kind's
-- sums (docs/rest-api.md, Performance).
CREATE TABLE performance_daily (
    shop_id      VARCHAR(63)  NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    strategy_id  VARCHAR(64)  NOT NULL,
    segment      VARCHAR(200) NOT NULL,
    day          BIGINT       NOT NULL,
    metrics_json TEXT         NOT NULL,
    computed_at  BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, kind, day, strategy_id, segment)
);

-- What each trained forecaster model would serve for the days after its training, per product: the daily means and
-- 80 % bounds (comma-separated, first_day first), and the MASE scale of its training series (mean absolute
-- seasonal-naive error, lag 7; null when it has too little history). Kept as long as raw impressions.
CREATE TABLE forecast_snapshots (
    shop_id       VARCHAR(63)  NOT NULL,
    strategy_id   VARCHAR(64)  NOT NULL,
    model_version BIGINT       NOT NULL,
    product_id    VARCHAR(200) NOT NULL,
    category      VARCHAR(200),
    made_at       BIGINT       NOT NULL,
    first_day     BIGINT       NOT NULL,
    means         TEXT         NOT NULL,
    lo80          TEXT         NOT NULL,
    hi80          TEXT         NOT NULL,
    scale         DOUBLE PRECISION,
    PRIMARY KEY (shop_id, strategy_id, model_version, product_id)
);
CREATE INDEX forecast_snapshots_by_time ON forecast_snapshots (shop_id, made_at);

-- Each customer's churn risk as the shop's profiles stated it, at most once a week per shop (the first
-- materialization of a profiler model in 7 days), to compare with who came back in the 90 days after. Kept 90 days
-- plus the raw retention; the per-group daily aggregate outlives it.
CREATE TABLE churn_predictions (
    shop_id        VARCHAR(63)  NOT NULL,
    strategy_id    VARCHAR(64)  NOT NULL,
    model_version  BIGINT       NOT NULL,
    made_at        BIGINT       NOT NULL,
    customer_id    VARCHAR(200) NOT NULL,
    customer_group VARCHAR(64)  NOT NULL,
    churn_risk     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (shop_id, model_version, customer_id)
);
CREATE INDEX churn_predictions_by_time ON churn_predictions (shop_id, made_at);
