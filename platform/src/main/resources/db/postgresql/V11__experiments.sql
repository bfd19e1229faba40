-- A/B experiments between strategies (issue 23). Times are epoch milliseconds.
-- variants_json: [{id, strategy, config, weight}], control first. status: draft, running, stopped, shipped.
CREATE TABLE experiments (
    shop_id         VARCHAR(63)  NOT NULL,
    id              VARCHAR(64)  NOT NULL,
    name            VARCHAR(200) NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    unit            VARCHAR(16)  NOT NULL,
    salt            VARCHAR(64)  NOT NULL,
    primary_metric  VARCHAR(32)  NOT NULL,
    mde             DOUBLE PRECISION NOT NULL,
    max_days        INTEGER      NOT NULL,
    variants_json   TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    created_at      BIGINT       NOT NULL,
    started_at      BIGINT,
    stopped_at      BIGINT,
    shipped_variant VARCHAR(64),
    actor           VARCHAR(200),
    PRIMARY KEY (shop_id, id)
);
CREATE INDEX experiments_by_status ON experiments (shop_id, kind, status);

-- The first time each unit was served a variant: the denominator of every metric, and when its outcomes start
-- counting. One row per (experiment, unit) whatever the traffic.
CREATE TABLE experiment_exposures (
    shop_id       VARCHAR(63)  NOT NULL,
    experiment_id VARCHAR(64)  NOT NULL,
    unit_id       VARCHAR(200) NOT NULL,
    variant_id    VARCHAR(64)  NOT NULL,
    first_at      BIGINT       NOT NULL,
    PRIMARY KEY (shop_id, experiment_id, unit_id)
);
