package dev.merchantry.plugins.pricing;

import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;

/**
 * The configuration every pricing agent of this plugin shares: the candidate grid, the guardrails, the objective and
 * the demand prior. Captured in each agent state at start, so a state keeps deciding as it was configured.
 *
 * @param objective maximize {@code revenue} or {@code profit} (price minus unit cost, times units)
 * @param pricePoints number of candidate prices
 * @param minPriceRatio lowest candidate as a ratio of the list price
 * @param maxPriceRatio highest candidate as a ratio of the list price
 * @param minMargin never price below cost × (1 + minMargin)
 * @param maxChangeRatio never move more than this ratio away from the current price in one decision
 * @param charmEndings round candidates to x.99
 * @param priorShape shape α₀ of the Gamma prior on units per period (0.5 with rate 0 is Jeffreys' prior)
 * @param priorRate rate β₀ of the Gamma prior, in periods (0: improper, each candidate is tried before it is judged)
 */
record PricingSettings(String objective, int pricePoints, double minPriceRatio, double maxPriceRatio, double minMargin,
                       double maxChangeRatio, boolean charmEndings, double priorShape, double priorRate) {

    static final String OBJECTIVE = "objective";
    static final String PRICE_POINTS = "price_points";
    static final String MIN_PRICE_RATIO = "min_price_ratio";
    static final String MAX_PRICE_RATIO = "max_price_ratio";
    static final String MIN_MARGIN = "min_margin";
    static final String MAX_CHANGE_RATIO = "max_change_ratio";
    static final String CHARM_ENDINGS = "charm_endings";
    static final String PRIOR_SHAPE = "prior_shape";
    static final String PRIOR_RATE = "prior_rate";
    /** Read only when an agent starts (the warm start is then part of the prior), so not kept in the state. */
    static final String HISTORY_PRIOR_WEIGHT = "history_prior_weight";
    /** Not read by the agents: the platform reads it from the binding (suggest or auto); declared so it validates. */
    static final String MODE = "mode";

    boolean profit() {
        return "profit".equals(objective);
    }

    /** Doc of {@code history_prior_weight} for the agents that use a prior. */
    static final String HISTORY_DOC = "Warm start: the product's past sales at a candidate price (on the platform, "
            + "its recent days at list price) count as at most this many periods of observation in the prior, and every "
            + "other candidate gets that price's estimated demand moved with unit elasticity (the same expected "
            + "revenue), worth one period. 0 starts cold: every candidate is tried once first.";

    /**
     * The keys every agent of this plugin accepts; each agent adds its own after these.
     *
     * @param historyWeight the agent's default {@code history_prior_weight}
     * @param historyDoc what the warm start does for this agent
     */
    static ConfigSpec.Builder spec(double historyWeight, String historyDoc) {
        return ConfigSpec.builder()
                .define(OBJECTIVE, ConfigType.STRING, "revenue", Validators.oneOf("revenue", "profit"), Importance.HIGH,
                        "What to maximize per period: revenue (price × units) or profit ((price − cost) × units; an "
                                + "unknown cost counts as 0).")
                .define(PRICE_POINTS, ConfigType.INT, 7, Validators.between(2, 50), Importance.HIGH,
                        "Number of candidate prices, evenly spaced between min_price_ratio and max_price_ratio × the "
                                + "list price.")
                .define(MIN_PRICE_RATIO, ConfigType.DOUBLE, 0.7, Validators.between(0.05, 1), Importance.HIGH,
                        "Lowest candidate price as a ratio of the list price.")
                .define(MAX_PRICE_RATIO, ConfigType.DOUBLE, 1.3, Validators.between(1, 10), Importance.HIGH,
                        "Highest candidate price as a ratio of the list price.")
                .define(MIN_MARGIN, ConfigType.DOUBLE, 0.05, Validators.between(0, 10), Importance.HIGH,
                        "Guardrail: never price below cost × (1 + min_margin). Wins over max_change_ratio when "
                                + "the two conflict (e.g. after a cost increase).")
                .define(MAX_CHANGE_RATIO, ConfigType.DOUBLE, 0.15, Validators.between(0.01, 10), Importance.HIGH,
                        "Guardrail: one decision moves the price at most this ratio away from the current price; "
                                + "the agent walks towards a far candidate over several periods. The default lets "
                                + "it reach the neighbouring candidate from anywhere on the default grid.")
                .define(CHARM_ENDINGS, ConfigType.BOOLEAN, false, Importance.MEDIUM,
                        "Round candidate prices to x.99 (the guardrails are applied after the rounding).")
                .define(PRIOR_SHAPE, ConfigType.DOUBLE, 0.5, Validators.greaterThan(0), Importance.LOW,
                        "Shape of the Gamma prior on units per period at each candidate price (0.5 with "
                                + "prior_rate 0 is Jeffreys' prior for a Poisson rate).")
                .define(PRIOR_RATE, ConfigType.DOUBLE, 0.0, Validators.between(0, 1e6), Importance.LOW,
                        "Rate of the Gamma prior, in periods of pseudo-observation. 0 (improper) makes every "
                                + "candidate be tried once before it is judged, whatever the product's sales scale.")
                .define(HISTORY_PRIOR_WEIGHT, ConfigType.DOUBLE, historyWeight, Validators.between(0, 1000),
                        Importance.MEDIUM, historyDoc)
                .define(MODE, ConfigType.STRING, "auto", Validators.oneOf("suggest", "auto"), Importance.HIGH,
                        "Read by the platform, not the agent: auto applies each decided price to the catalog; "
                                + "suggest keeps decisions waiting for the merchant's approval.");
    }

    static PricingSettings from(Config c) {
        return new PricingSettings(c.getString(OBJECTIVE), c.getInt(PRICE_POINTS), c.getDouble(MIN_PRICE_RATIO),
                c.getDouble(MAX_PRICE_RATIO), c.getDouble(MIN_MARGIN), c.getDouble(MAX_CHANGE_RATIO),
                c.getBoolean(CHARM_ENDINGS), c.getDouble(PRIOR_SHAPE), c.getDouble(PRIOR_RATE));
    }

    void write(ModelWriter w) {
        w.writeString(objective).writeInt(pricePoints).writeDouble(minPriceRatio).writeDouble(maxPriceRatio)
                .writeDouble(minMargin).writeDouble(maxChangeRatio).writeBoolean(charmEndings)
                .writeDouble(priorShape).writeDouble(priorRate);
    }

    static PricingSettings read(ModelReader r) {
        return new PricingSettings(r.readString(), r.readInt(), r.readDouble(), r.readDouble(), r.readDouble(),
                r.readDouble(), r.readBoolean(), r.readDouble(), r.readDouble());
    }
}
