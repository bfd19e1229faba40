-- Customer profiles materialized from each shop's latest profiler model, so profile lookups and audiences are plain
-- indexed SQL. A training writes a new version of the shop's rows beside the served one, then flips
-- profile_sets.version and deletes the old rows in one transaction: readers always see one complete set.

CREATE TABLE profile_sets (
    shop_id        VARCHAR(63)  NOT NULL PRIMARY KEY,
    version        BIGINT       NOT NULL,  -- = the profiler model's version
    strategy_id    VARCHAR(128) NOT NULL,
    customers      BIGINT       NOT NULL,
    trained_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    segments_json  VARCHAR(1000000) NOT NULL,
    metrics_json   VARCHAR(100000)  NOT NULL
);

CREATE TABLE customer_profiles (
    shop_id      VARCHAR(63)  NOT NULL,
    version      BIGINT       NOT NULL,
    customer_id  VARCHAR(200) NOT NULL,  -- as stored: the pseudonym when the shop pseudonymizes
    rfm_group    VARCHAR(32)  NOT NULL,
    m_score      INTEGER      NOT NULL,  -- 0 for prospects
    segment      VARCHAR(64)  NOT NULL,
    value_365d   DOUBLE PRECISION,       -- null for prospects (no orders, no lifetime value yet)
    churn_risk   DOUBLE PRECISION,       -- null for prospects
    sort_value   DOUBLE PRECISION NOT NULL, -- value_365d, -1 for prospects: the audience order, keyset-paged
    last_seen    BIGINT       NOT NULL,
    profile_json VARCHAR(8000) NOT NULL,
    PRIMARY KEY (shop_id, version, customer_id)
);
CREATE INDEX customer_profiles_by_value ON customer_profiles (shop_id, version, sort_value, customer_id);
CREATE INDEX customer_profiles_by_customer ON customer_profiles (shop_id, customer_id);
