package dev.merchantry.platform.storage;

import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What strategies read, computed from the stored events in SQL (grouped and streamed, never a shop's whole raw
 * history in memory). Only events up to {@code asOf} count, so training reads a consistent cut.
 */
public interface CommerceViews {

    /** Product-level event counts per canonical type (order lines count once each). */
    Map<String, Long> itemCounts(String shop, Instant asOf);

    /** The latest rating per (user, product). */
    Interactions ratings(String shop, Instant asOf);

    /**
     * Per (user, product), the sum over event types of weight × count; a rating contributes weight × its average
     * value. Types without a weight count nothing.
     */
    Interactions weightedInteractions(String shop, Instant asOf, Map<String, Double> weights);

    /** The distinct products of every completed order, oldest first. */
    List<Basket> baskets(String shop, Instant asOf);

    /** Products sold at least once, by id. */
    List<String> soldProducts(String shop);

    /** Distinct products a customer (stored id) bought, newest purchase first, at most {@code limit}. */
    List<String> purchasedBy(String shop, String customerKey, int limit);

    /**
     * Units sold per UTC day from the first sale (at most {@code maxDays} back) to the last complete day before
     * {@code asOf}; days with an inventory snapshot at 0 are NaN (censored demand, not zero demand).
     */
    TimeSeries dailyDemand(String shop, String productId, Instant asOf, int maxDays);

    /** Customers with orders, page by page; {@code categories} fills order lines that carried no category. */
    CustomerData customers(String shop, Instant asOf, Map<String, String> categories);

    /** Per UTC day and price charged: units and revenue, oldest first. */
    List<PriceObservation> priceHistory(String shop, String productId, Instant asOf);
}
