package dev.merchantry.api.data;

import java.util.Objects;

/**
 * One product of a shop's catalog as strategies see it.
 *
 * @param productId the shop's product id
 * @param sku stock-keeping unit, may be {@code null}
 * @param title display title, may be {@code null}
 * @param category category path or name, may be {@code null}
 * @param price current list price; {@code NaN} when unknown
 * @param cost unit cost; {@code NaN} when unknown
 * @param currency ISO-4217 code, may be {@code null}
 * @param hidden the merchant hid it; hidden products are never recommended
 * @param onHand units in stock at the latest inventory snapshot; {@code -1} when never reported
 * @since 0.1.0
 */
public record CatalogItem(String productId, String sku, String title, String category, double price, double cost,
                          String currency, boolean hidden, long onHand) {

    public CatalogItem {
        Objects.requireNonNull(productId, "productId");
    }

    /**
     * A catalog entry known only by id (e.g. from a ratings file).
     *
     * @since 0.1.0
     */
    public static CatalogItem of(String productId) {
        return new CatalogItem(productId, null, null, null, Double.NaN, Double.NaN, null, false, -1);
    }

    /**
     * False when the merchant hid the product or the latest snapshot shows no stock.
     *
     * @since 0.1.0
     */
    public boolean available() {
        return !hidden && onHand != 0;
    }
}
