package dev.merchantry.plugins.profiling.core;

import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;

/**
 * The configuration keys every profiling strategy shares (RFM window, CLV horizon and discounting, sampling, seed),
 * declared once; {@code segments} adds its own.
 */
public record ProfilingSettings(int windowDays, String timeUnit, int horizonDays, double discountRate, int fitSample,
                                long seed, String clvModel) {

    /** {@code clv_model} values: MBG/NBD (the default: one-time buyers can be gone) and BG/NBD. */
    public static final String MBG_NBD = "mbg-nbd";
    public static final String BG_NBD = "bg-nbd";

    /** Declares the shared keys on a spec builder. */
    public static ConfigSpec.Builder define(ConfigSpec.Builder b) {
        return b
                .define("window_days", ConfigType.INT, 0, Validators.between(0, 36_500), Importance.MEDIUM,
                        "RFM window: only orders of the last N days count in frequency and monetary value; 0 = the"
                                + " whole history (as Shopify's RFM groups). Recency is always the last order.")
                .define("clv_model", ConfigType.STRING, MBG_NBD, Validators.oneOf(MBG_NBD, BG_NBD), Importance.MEDIUM,
                        "Purchase and drop-out model behind p_alive, churn_risk and the CLV: mbg-nbd (Batislam et al."
                                + " 2007) lets a customer drop out after any purchase, so a one-time buyer's churn risk"
                                + " rises with the time since her order; bg-nbd (Fader, Hardie & Lee 2005) only after"
                                + " repeat purchases, so every one-time buyer is alive with probability 1.")
                .define("time_unit", ConfigType.STRING, "week", Validators.oneOf("week", "day"), Importance.LOW,
                        "Time unit of the BG/NBD or MBG/NBD parameters (only alpha depends on it); weeks as in the literature.")
                .define("horizon_days", ConfigType.INT, 90, Validators.between(1, 3650), Importance.LOW,
                        "Extra horizon for clv.expected_purchases (clv.expected_purchases_90d is always 90 days).")
                .define("discount_rate", ConfigType.DOUBLE, 0.10, Validators.between(0, 1), Importance.MEDIUM,
                        "Annual discount rate applied month by month to the 365-day customer value.")
                .define("fit_sample", ConfigType.INT, 100_000, Validators.between(100, 100_000_000), Importance.LOW,
                        "Buyers sampled (at random, seeded) for the maximum-likelihood fits of the purchase model and"
                                + " Gamma-Gamma; every customer is still scored.")
                .define("seed", ConfigType.LONG, 42L, Importance.LOW,
                        "Random seed for sampling and k-means; equal seeds give equal models.");
    }

    public static ProfilingSettings of(Config c) {
        return new ProfilingSettings(c.getInt("window_days"), c.getString("time_unit"), c.getInt("horizon_days"),
                c.getDouble("discount_rate"), c.getInt("fit_sample"), c.getLong("seed"), c.getString("clv_model"));
    }

    /** Length of the purchase model's time unit in days. */
    public double unitDays() {
        return timeUnit.equals("day") ? 1 : 7;
    }
}
