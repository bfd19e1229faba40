-- /health proves the database can commit by upserting its node's row here (see DatabaseHealth).
CREATE TABLE health_probe (
    node  VARCHAR(200) PRIMARY KEY,
    at    BIGINT       NOT NULL
);
