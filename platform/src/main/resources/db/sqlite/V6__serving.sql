-- Serving reads the newest model of each strategy (the bound one and its fallbacks), and refreshes check for a
-- pending job of a strategy before queueing another.
CREATE INDEX models_by_strategy ON models (shop_id, kind, strategy_id, version);
CREATE INDEX jobs_by_strategy ON jobs (shop_id, kind, strategy_id, state);
