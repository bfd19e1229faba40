package dev.merchantry.api.pricing;

import java.time.Instant;

/**
 * Sales of a product during one period at one price.
 *
 * @param periodStart start of the period
 * @param price price charged
 * @param units units sold
 * @param revenue revenue taken
 * @since 0.1.0
 */
public record PriceObservation(Instant periodStart, double price, double units, double revenue) {
}
