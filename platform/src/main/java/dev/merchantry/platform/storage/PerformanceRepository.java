package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What outcome reports are computed from: the served recommendation lists (impressions), the events that name one,
 * the order lines, and the final daily figures kept once the raw impressions are gone.
 */
public interface PerformanceRepository {

    /** A click or cart add that carries the {@code recommendation_id} of a served list. */
    record RecommendedAction(String recommendationId, String type, String userKey, String productId, long ts) {
    }

    /** One line of an {@code Order Completed} event. */
    record OrderLine(String orderEventId, String userKey, String productId, double revenue, long ts) {
    }

    /** The final sums of one strategy and segment (variant, category; "" when none) on one UTC day (epoch day). */
    record DailyRow(String strategyId, String segment, long day, String metricsJson) {
    }

    /** A period a pricing agent's price was in force for a product ({@code end} null: still in force). */
    record PricePeriod(String productId, String strategyId, double price, long start, Long end) {
    }

    /** Units sold and revenue of a product on one UTC day (epoch day). */
    record ProductDay(String productId, long day, double units, double revenue) {
    }

    /** A product some pricing agent has decided for, with its catalog cost (null: unknown). */
    record PricedProduct(String productId, Double cost) {
    }

    /** Stores served lists in one transaction; a list already stored (same shop and id) is kept as it was. */
    void insertImpressions(List<ImpressionRecord> impressions);

    /** The shop's impressions served in [from, to), in time order. */
    void impressions(String shop, Instant from, Instant to, Consumer<ImpressionRecord> consumer);

    /** Events of the given types in [from, to) that carry a {@code recommendation_id}, with their product. */
    void recommendedActions(String shop, List<String> types, Instant from, Instant to,
                            Consumer<RecommendedAction> consumer);

    /** The lines of the shop's orders placed in [from, to); a line's revenue is price × quantity (0 without a price). */
    void orderLines(String shop, Instant from, Instant to, Consumer<OrderLine> consumer);

    /** The pricing periods (active or observed decisions) overlapping [from, to), by product then start. */
    List<PricePeriod> pricePeriods(String shop, Instant from, Instant to);

    /** Units and revenue per product and UTC day of the shop's orders in [from, to). */
    void productDays(String shop, Instant from, Instant to, Consumer<ProductDay> consumer);

    /** Every product a pricing agent ever decided a price for, with its cost. */
    List<PricedProduct> pricedProducts(String shop);

    /** Stores forecast snapshots in one transaction; one already stored (same model and product) is kept. */
    void insertForecastSnapshots(java.util.List<ForecastSnapshot> snapshots);

    /** The shop's snapshots made in [from, to), by made_at. */
    void forecastSnapshots(String shop, Instant from, Instant to, Consumer<ForecastSnapshot> consumer);

    /** Shops that have forecast snapshots stored. */
    List<String> shopsWithForecastSnapshots();

    /** The oldest forecast snapshot of the shop still stored, or null. */
    Instant oldestForecastSnapshot(String shop);

    /** Deletes every shop's snapshots made before {@code before}; the number deleted. */
    int deleteForecastSnapshotsBefore(Instant before);

    /** Stores churn predictions in one transaction; one already stored (same model and customer) is kept. */
    void insertChurnPredictions(List<ChurnPrediction> predictions);

    /** Whether the shop has churn predictions made at or after {@code since}. */
    boolean hasChurnPredictionsSince(String shop, Instant since);

    /** The shop's churn predictions made in [from, to), by made_at then customer. */
    void churnPredictions(String shop, Instant from, Instant to, Consumer<ChurnPrediction> consumer);

    /** Customers (stored ids) with an {@code Order Completed} in (after, until]. */
    java.util.Set<String> customersWhoOrdered(String shop, Instant after, Instant until);

    /** Shops that have churn predictions stored. */
    List<String> shopsWithChurnPredictions();

    /** The oldest churn prediction of the shop still stored, or null. */
    Instant oldestChurnPrediction(String shop);

    /** Deletes every shop's churn predictions made before {@code before}; the number deleted. */
    int deleteChurnPredictionsBefore(Instant before);

    /**
     * Erases what is kept about a customer (stored id): the lists served to them and their churn predictions; the
     * number of rows per table. Daily aggregates hold no customer and stay.
     */
    java.util.Map<String, Long> eraseCustomer(String shop, String customerKey);

    /** Final rows of the kind for days in [fromDay, toDay], by day then strategy then variant. */
    List<DailyRow> daily(String shop, String kind, long fromDay, long toDay);

    /** Replaces the kind's final rows of every day named in {@code days} by {@code rows}, in one transaction. */
    void storeDaily(String shop, String kind, List<Long> days, List<DailyRow> rows, Instant at);

    /** The oldest impression of the shop still stored, or null. */
    Instant oldestImpression(String shop);

    /** Shops that have impressions stored. */
    List<String> shopsWithImpressions();

    /** Deletes every shop's impressions served before {@code before}; the number deleted. */
    int deleteImpressionsBefore(Instant before);
}
