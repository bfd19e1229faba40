-- The config (its hash, as pricing_parked_states keys it) of the agent that made a decision: an outcome that arrives
-- after the product switched agent is learned by the agent and config that made the decision, parked or not.
-- Null for list-price decisions and for decisions made before this column.
ALTER TABLE pricing_decisions ADD COLUMN config_hash VARCHAR(64);
