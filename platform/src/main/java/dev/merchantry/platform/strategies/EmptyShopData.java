package dev.merchantry.platform.strategies;

import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.platform.http.ApiException;
import dev.merchantry.platform.storage.Database;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The training data of a node that has no commerce-event storage yet: every shop is empty (no interactions, no
 * demand series, no customers). Commerce data ingestion replaces this with views over the stored events.
 */
public final class EmptyShopData implements ShopDataSource {

    public EmptyShopData(Database database) {
        // the database is where the event views will read from
    }

    @Override
    public RecommenderData recommenderData(String shop, Instant asOf) {
        return new RecommenderData(Interactions.builder(false).build(), List.of(), Map.of(), asOf);
    }

    @Override
    public List<String> forecastableProducts(String shop) {
        return List.of();
    }

    @Override
    public TimeSeries demandSeries(String shop, String productId, Instant asOf) {
        throw ApiException.notFound("product '" + productId + "' has no demand history");
    }

    @Override
    public CustomerData customerData(String shop, Instant asOf) {
        return new CustomerData(asOf, 0, List.of());
    }
}
