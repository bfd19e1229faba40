package dev.merchantry.api.profile;

/**
 * One line item of an order.
 *
 * @param productId the product
 * @param category its category at order time, may be {@code null}
 * @param quantity units bought
 * @param price unit price paid
 * @since 0.1.0
 */
public record OrderLine(String productId, String category, double quantity, double price) {
}
