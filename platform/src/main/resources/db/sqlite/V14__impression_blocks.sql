-- Served recommendation lists, stored as blocks: one row per batch of one shop's lists (storage.ImpressionBlocks
-- holds the format). A row per list cost four B-tree inserts per served recommendation. first_ts/last_ts bound the
-- lists' times (epoch ms), so reads by period and retention touch whole blocks. V15 moves the V12 rows here.
CREATE TABLE recommendation_impression_blocks (
    id        INTEGER      PRIMARY KEY AUTOINCREMENT,
    shop_id   VARCHAR(63)  NOT NULL,
    first_ts  BIGINT       NOT NULL,
    last_ts   BIGINT       NOT NULL,
    lists     INTEGER      NOT NULL,
    data      BLOB         NOT NULL
);
CREATE INDEX recommendation_impression_blocks_by_time ON recommendation_impression_blocks (shop_id, last_ts);
