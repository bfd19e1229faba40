package dev.merchantry.platform.strategies;

import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.recommend.RecommenderData;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where training jobs read a shop's data, already shaped as the plugin API's input types. Implementations stream
 * from storage; they are called on training threads (blocking is fine) and never on an event loop.
 */
public interface ShopDataSource {

    /** Weighted user–item interactions, baskets and the catalog as of {@code asOf}. */
    RecommenderData recommenderData(String shop, Instant asOf);

    /** Product ids that have a demand history, i.e. the series a forecaster is trained on. */
    List<String> forecastableProducts(String shop);

    /** One product's demand history (stock-out periods as NaN). */
    TimeSeries demandSeries(String shop, String productId, Instant asOf);

    /**
     * Each product's category, for the group series forecasters get next to a product's own (products without a
     * category are absent). The default knows none.
     */
    default Map<String, String> productCategories(String shop) {
        return Map.of();
    }

    /** Customer order histories, streamed. */
    CustomerData customerData(String shop, Instant asOf);

    /** Units sold and revenue per day and price charged, oldest first. */
    List<PriceObservation> priceHistory(String shop, String productId, Instant asOf);
}
