package dev.merchantry.api.pricing;

/**
 * The agent's belief about demand at one candidate price.
 *
 * @param price candidate price
 * @param meanUnits posterior mean of units per period
 * @param lowerUnits lower bound of a 90% credible interval
 * @param upperUnits upper bound of a 90% credible interval
 * @param observations number of periods observed at this price
 * @since 0.1.0
 */
public record DemandEstimate(double price, double meanUnits, double lowerUnits, double upperUnits, long observations) {
}
