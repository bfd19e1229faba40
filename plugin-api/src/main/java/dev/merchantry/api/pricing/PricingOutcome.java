package dev.merchantry.api.pricing;

/**
 * What happened in a period after a decision.
 *
 * @param price the price that was charged
 * @param units units sold in the period
 * @param revenue revenue taken in the period
 * @since 0.1.0
 */
public record PricingOutcome(double price, double units, double revenue) {

    public PricingOutcome {
        if (!(units >= 0) || !Double.isFinite(units)) {
            throw new IllegalArgumentException("units must be a non-negative number, got " + units);
        }
    }
}
