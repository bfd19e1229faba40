package dev.merchantry.platform.strategies;

import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.platform.ingest.DataSettings;
import dev.merchantry.platform.ingest.DataSettingsService;
import dev.merchantry.platform.ingest.EventTypes;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.Product;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training data read from the shop's stored events through the SQL views of {@link Database#views()}, shaped by
 * the shop's {@link DataSettings} (interaction weights, explicit vs implicit signal).
 */
public final class DatabaseShopData implements ShopDataSource {

    /** Longest demand history given to forecasters (3 years of days). */
    public static final int MAX_DEMAND_DAYS = 1096;

    private final Database database;
    private final DataSettingsService settings;

    public DatabaseShopData(Database database, DataSettingsService settings) {
        this.database = database;
        this.settings = settings;
    }

    @Override
    public RecommenderData recommenderData(String shop, Instant asOf) {
        DataSettings s = settings.get(shop);
        Interactions interactions = explicit(shop, asOf, s)
                ? database.views().ratings(shop, asOf)
                : database.views().weightedInteractions(shop, asOf, s.interactionWeights());
        return new RecommenderData(interactions, database.views().baskets(shop, asOf), catalog(shop), asOf);
    }

    /** {@code auto}: explicit when ratings are the shop's only weighted item signal. */
    private boolean explicit(String shop, Instant asOf, DataSettings s) {
        return switch (s.interactionSignal()) {
            case "explicit" -> true;
            case "implicit" -> false;
            default -> {
                Map<String, Long> counts = database.views().itemCounts(shop, asOf);
                boolean hasRatings = counts.getOrDefault(EventTypes.PRODUCT_REVIEWED, 0L) > 0;
                boolean hasOther = counts.entrySet().stream().anyMatch(e -> !e.getKey().equals(EventTypes.PRODUCT_REVIEWED)
                        && e.getValue() > 0 && s.interactionWeights().getOrDefault(e.getKey(), 0.0) > 0);
                yield hasRatings && !hasOther;
            }
        };
    }

    private Map<String, CatalogItem> catalog(String shop) {
        Map<String, CatalogItem> out = new LinkedHashMap<>();
        for (Product p : database.catalog().all(shop)) {
            out.put(p.productId(), toItem(p));
        }
        return out;
    }

    static CatalogItem toItem(Product p) {
        return new CatalogItem(p.productId(), p.sku(), p.title(), p.category(),
                p.price() == null ? Double.NaN : p.price(), p.cost() == null ? Double.NaN : p.cost(), p.currency(),
                p.hidden(), p.onHand() == null ? -1 : p.onHand());
    }

    @Override
    public List<String> forecastableProducts(String shop) {
        return database.views().soldProducts(shop);
    }

    @Override
    public TimeSeries demandSeries(String shop, String productId, Instant asOf) {
        return database.views().dailyDemand(shop, productId, asOf, MAX_DEMAND_DAYS);
    }

    @Override
    public Map<String, String> productCategories(String shop) {
        Map<String, String> categories = new HashMap<>();
        for (Product p : database.catalog().all(shop)) {
            if (p.category() != null) {
                categories.put(p.productId(), p.category());
            }
        }
        return categories;
    }

    @Override
    public CustomerData customerData(String shop, Instant asOf) {
        return database.views().customers(shop, asOf, productCategories(shop));
    }

    @Override
    public List<PriceObservation> priceHistory(String shop, String productId, Instant asOf) {
        return database.views().priceHistory(shop, productId, asOf);
    }
}
