package dev.merchantry.api.pricing;

import java.util.List;
import java.util.Objects;

/**
 * The product a pricing decision is for, as the platform knows it at decision time.
 *
 * @param productId the product
 * @param listPrice the merchant's reference price; candidate prices are ratios of it
 * @param cost unit cost, {@code NaN} when unknown (profit objectives and margin guardrails then use 0)
 * @param currentPrice the price now charged
 * @param onHand units in stock, {@code -1} when unknown
 * @param currency ISO-4217 code, may be {@code null}
 * @param history past periods, oldest first; may be empty
 * @since 0.1.0
 */
public record PricingContext(String productId, double listPrice, double cost, double currentPrice, long onHand,
                             String currency, List<PriceObservation> history) {

    public PricingContext {
        Objects.requireNonNull(productId, "productId");
        if (!(listPrice > 0) || !Double.isFinite(listPrice)) {
            throw new IllegalArgumentException("listPrice must be a positive number, got " + listPrice);
        }
        history = history == null ? List.of() : List.copyOf(history);
    }
}
