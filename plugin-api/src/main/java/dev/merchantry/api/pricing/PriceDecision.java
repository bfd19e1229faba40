package dev.merchantry.api.pricing;

/**
 * The price an agent chose for the next period.
 *
 * @param price the price to charge, after the agent's guardrails
 * @param exploring true when the price was chosen to learn rather than because it looks best
 * @param explanation one sentence for merchants, e.g. {@code exploiting: 24.99 has the highest expected revenue}
 * @param expectedUnits the agent's current estimate of units sold per period at this price
 * @param expectedRevenue estimated revenue per period at this price
 * @param expectedProfit estimated profit per period at this price ({@code NaN} when cost is unknown)
 * @since 0.1.0
 */
public record PriceDecision(double price, boolean exploring, String explanation, double expectedUnits,
                            double expectedRevenue, double expectedProfit) {

    public PriceDecision {
        if (!(price > 0) || !Double.isFinite(price)) {
            throw new IllegalArgumentException("price must be a positive number, got " + price);
        }
        explanation = explanation == null ? "" : explanation;
    }
}
