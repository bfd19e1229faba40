package dev.merchantry.platform.storage;

import java.time.Instant;

/**
 * A catalog product as stored. Numbers are null when unknown; {@code onHand}/{@code onHandAt} come from the latest
 * inventory snapshot and are null when stock was never reported.
 */
public record Product(String productId, String sku, String title, String category, Double price, Double cost,
                      String currency, boolean hidden, Long onHand, Instant onHandAt, Instant updatedAt) {
}
