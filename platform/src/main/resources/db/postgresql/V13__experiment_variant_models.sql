-- Experiment variants with a config of their own (issue 23). A recommender variant is served from a model trained
-- with the variant's config, kept apart from the shop's own models of the strategy: config_key is '' for the shop's
-- line (the binding's config for the bound strategy, the defaults for a fallback) and 'cfg-' + a hash of the
-- variant's full config (defaults filled in) for an experiment's line. Only the shop's line moves active_models.
ALTER TABLE models ADD COLUMN config_key VARCHAR(80) NOT NULL DEFAULT '';
-- A job trains one line: config_json is the variant's config (NULL for the shop's line, which reads the binding).
ALTER TABLE jobs ADD COLUMN config_key VARCHAR(80) NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN config_json TEXT;
