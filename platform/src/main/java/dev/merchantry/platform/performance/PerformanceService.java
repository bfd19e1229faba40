package dev.merchantry.platform.performance;

import dev.merchantry.platform.performance.RecommendationAttribution.Figures;
import dev.merchantry.platform.performance.RecommendationAttribution.Key;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.service.ServiceException.FieldError;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.platform.storage.CommerceViews;
import dev.merchantry.platform.storage.ForecastSnapshot;
import dev.merchantry.platform.storage.ImpressionRecord;
import dev.merchantry.platform.storage.PerformanceRepository;
import dev.merchantry.platform.storage.PerformanceRepository.DailyRow;
import dev.merchantry.platform.storage.PerformanceRepository.OrderLine;
import dev.merchantry.platform.storage.PerformanceRepository.RecommendedAction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every strategy earned, per day: {@code GET /api/v1/shops/{shop}/performance}. Days whose attribution window
 * has closed are read from their stored aggregate ({@link #compact} writes it, then deletes raw impressions past
 * the retention); open days are computed from the raw impressions and events on each request, and say
 * {@code final: false}. Also keeps the Prometheus gauges of the last 7 days per shop and strategy.
 */
public final class PerformanceService {

    public static final String RECOMMENDER = "recommender";
    public static final String PRICING = "pricing";
    public static final String FORECASTER = "forecaster";
    public static final String PROFILER = "profiler";
    static final List<String> KINDS = List.of(RECOMMENDER, FORECASTER, PROFILER, PRICING);
    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;
    static final int GAUGE_DAYS = 7;
    /** The strategy of a day's marker row: the day is aggregated and had nothing to report. */
    private static final String NOTHING = "";
    /** Days a forecaster model's forecast is kept and scored (JobService.SNAPSHOT_DAYS). */
    static final int SNAPSHOT_DAYS = 28;
    /** Closed days aggregated per shop and run, so one run never holds the database for long. */
    static final int COMPACT_DAYS_PER_RUN = 31;
    static final String IMPRESSIONS_GAUGE = "merchantry_recommendation_impressions";
    static final String CLICKS_GAUGE = "merchantry_recommendation_clicks";
    static final String REVENUE_GAUGE = "merchantry_recommendation_attributed_revenue";
    private static final long DAY_MS = RecommendationAttribution.DAY_MS;
    private static final Logger LOG = LoggerFactory.getLogger(PerformanceService.class);

    private final Vertx vertx;
    private final PerformanceRepository repository;
    private final Clock clock;
    private final PerformanceOptions options;
    private final MeterRegistry registry;
    private final RecommendationAttribution attribution;
    private final CommerceViews views;
    /** shop, strategy → {impressions, clicks, attributed revenue} of the last 7 days, read by the gauges. */
    private final Map<List<String>, double[]> gauges = new ConcurrentHashMap<>();

    public PerformanceService(Vertx vertx, PerformanceRepository repository, CommerceViews views, Clock clock,
                              PerformanceOptions options, MeterRegistry registry) {
        this.views = views;
        this.vertx = vertx;
        this.repository = repository;
        this.clock = clock;
        this.options = options;
        this.registry = registry;
        this.attribution = new RecommendationAttribution(options.attributionWindow().toMillis());
    }

    /** The daily rows of {@code kind} (default recommender) for [from, to] (ISO dates, default the last 30 days). */
    public Future<JsonObject> daily(String shop, String kind, String strategy, String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        String k = kind == null || kind.isBlank() ? RECOMMENDER : kind;
        if (!KINDS.contains(k)) {
            errors.add(new FieldError("kind", "must be one of " + KINDS + ", got '" + kind + "'"));
        }
        long today = RecommendationAttribution.day(clock.millis());
        Long toDay = date(to, "to", today, errors);
        Long fromDay = date(from, "from", toDay == null ? today - DEFAULT_DAYS + 1 : toDay - DEFAULT_DAYS + 1, errors);
        if (fromDay != null && toDay != null) {
            if (fromDay > toDay) {
                errors.add(new FieldError("from", "must not be after to (" + LocalDate.ofEpochDay(toDay) + ")"));
            } else if (toDay - fromDay + 1 > MAX_DAYS) {
                errors.add(new FieldError("from", "at most " + MAX_DAYS + " days may be asked at once"));
            }
        }
        if (strategy != null && (strategy.isBlank() || strategy.length() > 64)) {
            errors.add(new FieldError("strategy", "must be a strategy id of 1-64 characters"));
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid("invalid performance query", errors);
        }
        return vertx.executeBlocking(() -> render(shop, k, strategy, fromDay, toDay, today));
    }

    private static Long date(String value, String field, long fallback, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value).toEpochDay();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date like 2026-11-30, got '" + value + "'"));
            return null;
        }
    }

    private JsonObject render(String shop, String kind, String strategy, long fromDay, long toDay, long today) {
        boolean pricing = PRICING.equals(kind);
        boolean forecaster = FORECASTER.equals(kind);
        Map<Key, JsonObject> rows = pricing ? pricingRows(shop, fromDay, Math.min(toDay, today))
                : rows(shop, kind, fromDay, toDay);
        long lastFinal = pricing ? today - 1 : lastFinalDay(kind);
        JsonArray out = new JsonArray();
        Map<String, JsonObject> totals = new TreeMap<>();
        Set<String> open = new HashSet<>();
        rows.forEach((key, counts) -> {
            if (strategy != null && !strategy.equals(key.strategy())) {
                return;
            }
            JsonObject row = new JsonObject().put("date", LocalDate.ofEpochDay(key.day()).toString())
                    .put("strategy", key.strategy());
            if (forecaster) {
                row.put("category", key.variant().isEmpty() ? null : key.variant());
            } else if (PROFILER.equals(kind)) {
                row.put("group", key.variant());
            } else {
                row.put("variant_id", key.variant().isEmpty() ? null : key.variant());
            }
            boolean closed = key.day() <= lastFinal;
            JsonObject figures = figures(kind, counts);
            if (PROFILER.equals(kind) && !closed) {
                // who came back is still unknown for the rest of the horizon: no observed rate yet
                figures.putNull("observed_churn").putNull("calibration_gap");
                open.add(key.strategy());
            }
            out.add(row.mergeIn(figures).put("final", closed));
            totals.merge(key.strategy(), counts.copy(), PerformanceService::add);
        });
        JsonArray totalRows = new JsonArray();
        totals.forEach((s, counts) -> {
            JsonObject total = new JsonObject().put("strategy", s).mergeIn(figures(kind, counts));
            if (open.contains(s)) {
                total.putNull("observed_churn").putNull("calibration_gap");
            }
            totalRows.add(total);
        });
        JsonObject report = new JsonObject().put("shop", shop).put("kind", kind)
                .put("from", LocalDate.ofEpochDay(fromDay).toString()).put("to", LocalDate.ofEpochDay(toDay).toString());
        if (RECOMMENDER.equals(kind)) {
            report.put("attribution_window_hours", options.attributionWindow().toHours());
        }
        return report.put("rows", out).put("totals", totalRows);
    }

    /** Blocking: per agent (or the list price) and day, the sums of the products pricing agents decide for. */
    private Map<Key, JsonObject> pricingRows(String shop, long fromDay, long toDay) {
        List<PerformanceRepository.PricedProduct> products = repository.pricedProducts(shop);
        if (products.isEmpty() || fromDay > toDay) {
            return Map.of();
        }
        Instant start = Instant.ofEpochMilli(fromDay * DAY_MS);
        Instant end = Instant.ofEpochMilli((toDay + 1) * DAY_MS);
        List<PerformanceRepository.ProductDay> sales = new ArrayList<>();
        repository.productDays(shop, start, end, sales::add);
        Map<Key, JsonObject> out = new TreeMap<>();
        PricingOutcomes.compute(products, repository.pricePeriods(shop, start, end), sales, fromDay, toDay)
                .forEach((key, f) -> out.put(key, new JsonObject().put("product_days", f.productDays())
                        .put("units", f.units()).put("revenue", f.revenue()).put("profit", f.profit())
                        .put("costed_product_days", f.costedProductDays())));
        return out;
    }

    /** A pricing row: sums and per product-day means; profit only over products with a cost (null if none). */
    static JsonObject pricingFigures(JsonObject c) {
        long days = c.getLong("product_days", 0L);
        long costed = c.getLong("costed_product_days", 0L);
        double revenue = c.getDouble("revenue", 0.0);
        double profit = c.getDouble("profit", 0.0);
        return new JsonObject().put("product_days", days).put("units", c.getDouble("units", 0.0))
                .put("revenue", money(revenue)).put("profit", costed == 0 ? null : money(profit))
                .put("revenue_per_product_day", days == 0 ? null : money(revenue / days))
                .put("profit_per_product_day", costed == 0 ? null : money(profit / costed))
                .put("costed_product_days", costed);
    }

    private static JsonObject figures(String kind, JsonObject counts) {
        return switch (kind) {
            case PRICING -> pricingFigures(counts);
            case FORECASTER -> forecastFigures(counts);
            case PROFILER -> churnFigures(counts);
            default -> figures(counts);
        };
    }

    /** A forecaster row: WAPE, MASE, bias and 80 % coverage from the sums; null where undefined. */
    static JsonObject forecastFigures(JsonObject c) {
        long n = c.getLong("product_days", 0L);
        long scaled = c.getLong("scaled", 0L);
        double actual = c.getDouble("actual", 0.0);
        double error = c.getDouble("error", 0.0);
        return new JsonObject().put("product_days", n).put("units_sold", actual)
                .put("units_forecast", actual + error)
                .put("wape", actual > 0 ? c.getDouble("abs_error", 0.0) / actual : null)
                .put("mase", scaled > 0 ? c.getDouble("scaled_abs_error", 0.0) / scaled : null)
                .put("bias", actual > 0 ? error / actual : null)
                .put("coverage_80", n > 0 ? (double) c.getLong("covered", 0L) / n : null);
    }

    /** A profiler row: mean predicted churn risk against the share that did not come back. */
    static JsonObject churnFigures(JsonObject c) {
        long customers = c.getLong("customers", 0L);
        long returned = c.getLong("returned", 0L);
        Double predicted = customers == 0 ? null : c.getDouble("risk", 0.0) / customers;
        Double observed = customers == 0 ? null : 1 - (double) returned / customers;
        return new JsonObject().put("customers", customers).put("came_back", returned)
                .put("predicted_churn", predicted).put("observed_churn", observed)
                .put("calibration_gap", predicted == null ? null : predicted - observed);
    }

    /** Counts as stored: the figures a day's row is rendered from. */
    private static JsonObject counts(Figures f) {
        return new JsonObject().put("impressions", f.impressions()).put("clicks", f.clicks()).put("carts", f.carts())
                .put("orders", f.orders()).put("ct_orders", f.clickThroughOrders())
                .put("ct_revenue", f.clickThroughRevenue()).put("vt_orders", f.viewThroughOrders())
                .put("vt_revenue", f.viewThroughRevenue());
    }

    private static JsonObject add(JsonObject a, JsonObject b) {
        for (String field : b.fieldNames()) {
            Object v = b.getValue(field);
            if (v instanceof Long || v instanceof Integer) {
                a.put(field, a.getLong(field, 0L) + ((Number) v).longValue());
            } else if (v instanceof Number n) {
                a.put(field, a.getDouble(field, 0.0) + n.doubleValue());
            }
        }
        return a;
    }

    /** The row a merchant reads, from stored counts; ratios are null when their denominator is 0. */
    static JsonObject figures(JsonObject c) {
        long impressions = c.getLong("impressions", 0L);
        long clicks = c.getLong("clicks", 0L);
        double ct = c.getDouble("ct_revenue", 0.0);
        double vt = c.getDouble("vt_revenue", 0.0);
        double revenue = ct + vt;
        return new JsonObject().put("impressions", impressions).put("clicks", clicks)
                .put("carts", c.getLong("carts", 0L))
                .put("click_through_rate", impressions == 0 ? null : (double) clicks / impressions)
                .put("orders", c.getLong("orders", 0L))
                .put("click_through", new JsonObject().put("orders", c.getLong("ct_orders", 0L)).put("revenue", money(ct)))
                .put("view_through", new JsonObject().put("orders", c.getLong("vt_orders", 0L)).put("revenue", money(vt)))
                .put("attributed_revenue", money(revenue))
                .put("revenue_per_mille", impressions == 0 ? null : money(revenue * 1000 / impressions));
    }

    private static double money(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * The last day whose figures can no longer change: for recommendations, once its attribution window has closed;
     * for forecasts, a day after it ended (late orders of the day are given that day to arrive).
     */
    private long lastFinalDay(String kind) {
        if (FORECASTER.equals(kind)) {
            return RecommendationAttribution.day(clock.millis()) - 2;
        }
        if (PROFILER.equals(kind)) {
            return RecommendationAttribution.day(clock.millis()) - ChurnCalibration.HORIZON_DAYS - 1;
        }
        return RecommendationAttribution.day(clock.millis() - options.attributionWindow().toMillis()) - 1;
    }

    /** Blocking: counts per key for [fromDay, toDay], stored days from their aggregate, the others computed. */
    Map<Key, JsonObject> rows(String shop, String kind, long fromDay, long toDay) {
        Map<Key, JsonObject> out = new TreeMap<>();
        Set<Long> stored = new HashSet<>();
        for (DailyRow r : repository.daily(shop, kind, fromDay, toDay)) {
            stored.add(r.day());
            if (!r.strategyId().isEmpty()) {
                out.put(new Key(r.strategyId(), r.segment(), r.day()), new JsonObject(r.metricsJson()));
            }
        }
        long oldestRaw = RecommendationAttribution.day(clock.millis()) - rawDays(kind);
        long liveFrom = Math.max(fromDay, oldestRaw);
        while (liveFrom <= toDay && stored.contains(liveFrom)) {
            liveFrom++;
        }
        long liveTo = toDay;
        while (liveTo >= liveFrom && stored.contains(liveTo)) {
            liveTo--;
        }
        if (liveFrom <= liveTo) {
            counts(shop, kind, liveFrom, liveTo).forEach((key, c) -> {
                if (!stored.contains(key.day())) {
                    out.put(key, c);
                }
            });
        }
        return out;
    }

    /** Days the raw data of a kind is kept: churn predictions need their 90-day horizon on top. */
    private int rawDays(String kind) {
        return options.impressionRetentionDays() + (PROFILER.equals(kind) ? ChurnCalibration.HORIZON_DAYS : 0);
    }

    /** Blocking: churn predictions made on days [fromDay, toDay] against who ordered in the horizon after each. */
    Map<Key, ChurnCalibration.Figures> calibration(String shop, long fromDay, long toDay) {
        List<dev.merchantry.platform.storage.ChurnPrediction> predictions = new ArrayList<>();
        repository.churnPredictions(shop, Instant.ofEpochMilli(fromDay * DAY_MS),
                Instant.ofEpochMilli((toDay + 1) * DAY_MS), predictions::add);
        Map<Long, Set<String>> returned = new java.util.HashMap<>();
        Instant now = clock.instant();
        for (var p : predictions) {
            returned.computeIfAbsent(p.madeAt(), at -> {
                Instant after = Instant.ofEpochMilli(at);
                Instant until = after.plus(java.time.Duration.ofDays(ChurnCalibration.HORIZON_DAYS));
                return repository.customersWhoOrdered(shop, after, until.isBefore(now) ? until : now);
            });
        }
        return ChurnCalibration.compute(predictions, returned);
    }

    /** Blocking: the sums of the kind computed from the raw data, per key. */
    private Map<Key, JsonObject> counts(String shop, String kind, long fromDay, long toDay) {
        Map<Key, JsonObject> out = new TreeMap<>();
        if (PROFILER.equals(kind)) {
            calibration(shop, fromDay, toDay).forEach((key, f) -> out.put(key, new JsonObject()
                    .put("customers", f.customers()).put("risk", f.risk()).put("returned", f.returned())));
        } else if (FORECASTER.equals(kind)) {
            accuracy(shop, fromDay, toDay).forEach((key, f) -> out.put(key, new JsonObject()
                    .put("product_days", f.productDays()).put("actual", f.actual()).put("abs_error", f.absError())
                    .put("error", f.error()).put("scaled_abs_error", f.scaledAbsError()).put("scaled", f.scaled())
                    .put("covered", f.covered())));
        } else {
            compute(shop, fromDay, toDay).forEach((key, f) -> out.put(key, counts(f)));
        }
        return out;
    }

    /** Blocking: scores the forecasts served for days [fromDay, toDay] against the units sold. */
    Map<Key, ForecastAccuracy.Figures> accuracy(String shop, long fromDay, long lastDay) {
        // What sells today is not known until the day is over: today (or later) is never scored.
        long toDay = Math.min(lastDay, RecommendationAttribution.day(clock.millis()) - 1);
        if (toDay < fromDay) {
            return Map.of();
        }
        Instant start = Instant.ofEpochMilli(fromDay * DAY_MS);
        Instant end = Instant.ofEpochMilli((toDay + 1) * DAY_MS);
        List<ForecastSnapshot> snapshots = new ArrayList<>();
        repository.forecastSnapshots(shop, start.minus(java.time.Duration.ofDays(SNAPSHOT_DAYS)), end, snapshots::add);
        if (snapshots.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<Long, Double>> actuals = new java.util.HashMap<>();
        int days = (int) (toDay - fromDay + 1);
        for (String product : snapshots.stream().map(ForecastSnapshot::productId).distinct().toList()) {
            // one indexed read per product: zero-sale days count, stock-out days are NaN (not scored)
            TimeSeries demand = views.dailyDemand(shop, product, end, days);
            Map<Long, Double> sold = new java.util.HashMap<>();
            for (int i = 0; i < demand.length(); i++) {
                sold.put(demand.date(i).toEpochDay(), demand.value(i));
            }
            actuals.put(product, sold);
        }
        return ForecastAccuracy.score(snapshots, actuals, fromDay, toDay);
    }

    /** Blocking: attributes the raw impressions and events of the shop for the days served in [fromDay, toDay]. */
    Map<Key, Figures> compute(String shop, long fromDay, long toDay) {
        long window = options.attributionWindow().toMillis();
        Instant start = Instant.ofEpochMilli(fromDay * DAY_MS);
        Instant end = Instant.ofEpochMilli((toDay + 1) * DAY_MS);
        List<ImpressionRecord> impressions = new ArrayList<>();
        repository.impressions(shop, start.minusMillis(window), end.plusMillis(window), impressions::add);
        if (impressions.isEmpty()) {
            return Map.of();
        }
        List<RecommendedAction> actions = new ArrayList<>();
        repository.recommendedActions(shop, List.of("Product Clicked", "Product Added"), start.minusMillis(window),
                end.plusMillis(window), actions::add);
        List<OrderLine> orders = new ArrayList<>();
        repository.orderLines(shop, start, end.plusMillis(window), orders::add);
        return attribution.attribute(impressions, actions, orders, fromDay, toDay);
    }

    /**
     * Blocking housekeeping: stores the aggregate of every closed day that still has raw impressions and none yet,
     * deletes impressions past the retention, and refreshes the gauges.
     */
    public void compact() {
        compactRecommendations();
        compactForecasts();
        compactChurn();
    }

    private void compactChurn() {
        long lastFinal = lastFinalDay(PROFILER);
        Instant now = clock.instant();
        for (String shop : repository.shopsWithChurnPredictions()) {
            Instant oldest = repository.oldestChurnPrediction(shop);
            if (oldest == null) {
                continue;
            }
            for (long first = RecommendationAttribution.day(oldest.toEpochMilli()); first <= lastFinal;
                 first += COMPACT_DAYS_PER_RUN) {
                compactDays(shop, PROFILER, first, Math.min(lastFinal, first + COMPACT_DAYS_PER_RUN - 1), now);
            }
        }
        long keepFrom = RecommendationAttribution.day(clock.millis()) - rawDays(PROFILER);
        repository.deleteChurnPredictionsBefore(Instant.ofEpochMilli(Math.min(keepFrom, lastFinal + 1) * DAY_MS));
    }

    private void compactForecasts() {
        long lastFinal = lastFinalDay(FORECASTER);
        Instant now = clock.instant();
        for (String shop : repository.shopsWithForecastSnapshots()) {
            Instant oldest = repository.oldestForecastSnapshot(shop);
            if (oldest == null) {
                continue;
            }
            for (long first = RecommendationAttribution.day(oldest.toEpochMilli()) + 1; first <= lastFinal;
                 first += COMPACT_DAYS_PER_RUN) {
                compactDays(shop, FORECASTER, first, Math.min(lastFinal, first + COMPACT_DAYS_PER_RUN - 1), now);
            }
        }
        // A snapshot serves up to SNAPSHOT_DAYS days after it was made: keep those that may serve a kept day.
        long keepFrom = RecommendationAttribution.day(clock.millis()) - options.impressionRetentionDays();
        repository.deleteForecastSnapshotsBefore(Instant.ofEpochMilli(
                (Math.min(keepFrom, lastFinal + 1) - SNAPSHOT_DAYS) * DAY_MS));
    }

    private void compactRecommendations() {
        long lastFinal = lastFinalDay(RECOMMENDER);
        Instant now = clock.instant();
        Set<String> shops = new java.util.TreeSet<>(repository.shopsWithImpressions());
        gauges.keySet().forEach(series -> shops.add(series.get(0)));
        for (String shop : shops) {
            Instant oldest = repository.oldestImpression(shop);
            if (oldest == null) {
                refreshGauges(shop);
                continue;
            }
            for (long first = RecommendationAttribution.day(oldest.toEpochMilli()); first <= lastFinal;
                 first += COMPACT_DAYS_PER_RUN) {
                compactDays(shop, RECOMMENDER, first, Math.min(lastFinal, first + COMPACT_DAYS_PER_RUN - 1), now);
            }
            refreshGauges(shop);
        }
        // Only days already aggregated are deleted: the retention is longer than the window by at least two days.
        long keepFrom = RecommendationAttribution.day(clock.millis()) - options.impressionRetentionDays();
        int deleted = repository.deleteImpressionsBefore(Instant.ofEpochMilli(Math.min(keepFrom, lastFinal + 1) * DAY_MS));
        if (deleted > 0) {
            LOG.info("deleted {} recommendation impressions older than {} days", deleted,
                    options.impressionRetentionDays());
        }
    }

    /** Stores the aggregate of the days of [first, last] that have none yet, in one transaction. */
    private void compactDays(String shop, String kind, long first, long last, Instant now) {
        Set<Long> done = new HashSet<>();
        repository.daily(shop, kind, first, last).forEach(r -> done.add(r.day()));
        List<Long> days = new ArrayList<>();
        for (long d = first; d <= last; d++) {
            if (!done.contains(d)) {
                days.add(d);
            }
        }
        if (days.isEmpty()) {
            return;
        }
        List<DailyRow> rows = new ArrayList<>();
        Set<Long> withRows = new HashSet<>();
        counts(shop, kind, days.get(0), days.get(days.size() - 1)).forEach((key, c) -> {
            if (days.contains(key.day())) {
                rows.add(new DailyRow(key.strategy(), key.variant(), key.day(), c.encode()));
                withRows.add(key.day());
            }
        });
        // A closed day with nothing to report gets an empty marker row, so it is not computed again every run.
        for (long day : days) {
            if (!withRows.contains(day)) {
                rows.add(new DailyRow(NOTHING, NOTHING, day, "{}"));
            }
        }
        repository.storeDaily(shop, kind, days, rows, now);
    }

    private void refreshGauges(String shop) {
        long today = RecommendationAttribution.day(clock.millis());
        Map<String, double[]> now = new LinkedHashMap<>();
        rows(shop, RECOMMENDER, today - GAUGE_DAYS + 1, today).forEach((key, c) -> {
            double[] v = now.computeIfAbsent(key.strategy(), s -> new double[3]);
            v[0] += c.getLong("impressions", 0L);
            v[1] += c.getLong("clicks", 0L);
            v[2] += c.getDouble("ct_revenue", 0.0) + c.getDouble("vt_revenue", 0.0);
        });
        gauges.forEach((series, values) -> {
            if (series.get(0).equals(shop) && !now.containsKey(series.get(1))) {
                java.util.Arrays.fill(values, 0);
            }
        });
        now.forEach((strategy, v) -> {
            double[] values = gauges.computeIfAbsent(List.of(shop, strategy), series -> {
                double[] fresh = new double[3];
                register(IMPRESSIONS_GAUGE, "Recommendation lists served in the last 7 days", series, fresh, 0);
                register(CLICKS_GAUGE, "Clicks on recommendations served in the last 7 days", series, fresh, 1);
                register(REVENUE_GAUGE, "Order revenue attributed to recommendations served in the last 7 days"
                        + " (click-through and view-through)", series, fresh, 2);
                return fresh;
            });
            System.arraycopy(v, 0, values, 0, 3);
        });
    }

    private void register(String name, String description, List<String> series, double[] values, int index) {
        Gauge.builder(name, values, v -> v[index]).strongReference(true).description(description)
                .tag("shop", series.get(0)).tag("strategy", series.get(1)).tag("window", GAUGE_DAYS + "d")
                .register(registry);
    }
}
