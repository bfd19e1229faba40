package dev.merchantry.platform.replenishment;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.CatalogRepository;
import dev.merchantry.platform.storage.Product;
import dev.merchantry.platform.storage.SettingsRepository;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.ForecastBundle;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/shops/{shop}/replenishment}: what to reorder and when, from the shop's trained forecaster
 * (one model per product) and its stock on hand, most urgent first.
 */
public final class ReplenishmentService {

    static final String SETTINGS = "replenishment_settings";

    /** The reorder plan. */
    public static final Schema PLAN = Schema.object("ReplenishmentPlan")
            .required("shop", Schema.string())
            .required("forecaster", Schema.string())
            .required("model_version", Schema.integer())
            .required("trained_at", Schema.dateTime())
            .required("generated_at", Schema.dateTime())
            .required("products_planned", Schema.integer())
            .required("products_to_order", Schema.integer())
            .required("total", Schema.integer())
            .required("products", Schema.array(Schema.object()
                    .required("product_id", Schema.string())
                    .required("title", Schema.string().nullable())
                    .required("on_hand", Schema.integer().nullable())
                    .required("lead_time_days", Schema.integer())
                    .required("review_period_days", Schema.integer())
                    .required("service_level", Schema.number())
                    .required("forecast_lead_time_demand", Schema.number())
                    .required("safety_stock", Schema.number())
                    .required("reorder_point", Schema.number())
                    .required("order_up_to_level", Schema.number())
                    .required("order_quantity", Schema.integer())
                    .required("days_of_cover", Schema.number().nullable())
                    .required("stockout_risk", Schema.number())
                    .required("model", Schema.string())));
    /** Forecasting every product of a large shop takes a while; the plan is computed on the serving pool. */
    static final Duration PLAN_TIMEOUT = Duration.ofSeconds(60);
    private static final double Z95 = 1.959963984540054;

    private final Vertx vertx;
    private final BindingService bindings;
    private final ActiveModels models;
    private final StrategyCatalog catalog;
    private final StrategyInvoker invoker;
    private final CatalogRepository products;
    private final SettingsRepository settings;
    private final Clock clock;

    public ReplenishmentService(Vertx vertx, BindingService bindings, ActiveModels models, StrategyCatalog catalog,
                                StrategyInvoker invoker, CatalogRepository products, SettingsRepository settings,
                                Clock clock) {
        this.vertx = vertx;
        this.bindings = bindings;
        this.models = models;
        this.catalog = catalog;
        this.invoker = invoker;
        this.products = products;
        this.settings = settings;
        this.clock = clock;
    }

    public Future<ReplenishmentSettings> settings(String shop) {
        return vertx.executeBlocking(() -> readSettings(shop));
    }

    public Future<ReplenishmentSettings> updateSettings(String shop, JsonObject patch) {
        return vertx.executeBlocking(() -> {
            // The catalog is read only if the patch sets product overrides, and then once.
            AtomicReference<Set<String>> catalog = new AtomicReference<>();
            ReplenishmentSettings updated = readSettings(shop).apply(patch, id -> catalog.updateAndGet(known ->
                    known != null ? known : products.all(shop).stream().map(Product::productId)
                            .collect(Collectors.toSet())).contains(id));
            settings.put(shop, SETTINGS, updated.toJson().encode());
            return updated;
        });
    }

    private ReplenishmentSettings readSettings(String shop) {
        return settings.get(shop, SETTINGS).map(json -> ReplenishmentSettings.fromJson(new JsonObject(json)))
                .orElse(ReplenishmentSettings.defaults());
    }

    /**
     * The plan for every product with a forecast, most urgent first (highest stock-out risk, then fewest days of
     * cover); {@code reorderOnly} keeps the products to order now.
     */
    public Future<JsonObject> plan(String shop, int limit, boolean reorderOnly) {
        return bindings.find(shop, StrategyKind.FORECASTER).compose(found -> {
            var binding = found.orElseThrow(() -> ServiceException.conflict("shop '" + shop + "' has no forecaster; bind"
                    + " one with PUT /api/v1/shops/" + shop + "/strategies/forecaster and train it"));
            if (!binding.enabled()) {
                throw ServiceException.conflict("the forecaster of shop '" + shop + "' is disabled");
            }
            return models.require(binding);
        }).compose(active -> vertx.executeBlocking(() -> new Inputs(readSettings(shop), products.all(shop)))
                .compose(inputs -> {
                    ClassLoader loader = catalog.find(active.strategyId()).map(LoadedStrategy::classLoader)
                            .orElseThrow(() -> ServiceException.unavailable("strategy '" + active.strategyId() + "' was just unloaded"));
                    ForecastBundle bundle = (ForecastBundle) active.model();
                    return invoker.call(loader, PLAN_TIMEOUT, "replenishment plan of shop " + shop,
                            () -> plans(bundle, inputs)).map(plans -> toJson(shop, active, plans, limit, reorderOnly));
                }));
    }

    private record Inputs(ReplenishmentSettings settings, List<Product> products) {
    }

    private static List<ReplenishmentPlan> plans(ForecastBundle bundle, Inputs inputs) {
        Map<String, Product> byId = inputs.products().stream()
                .collect(Collectors.toMap(Product::productId, Function.identity()));
        List<ReplenishmentPlan> out = new ArrayList<>();
        for (var e : bundle.entries().entrySet()) {
            Product p = byId.get(e.getKey());
            if (p != null && p.hidden()) {
                continue; // no longer sold: nothing to reorder
            }
            ReplenishmentPolicy policy = inputs.settings().policyOf(e.getKey());
            int days = policy.leadTimeDays() + policy.reviewPeriodDays();
            Frequency frequency = e.getValue().frequency();
            double daysPerStep = daysPerStep(frequency);
            int steps = (int) Math.ceil(days / daysPerStep);
            Forecast f = e.getValue().model().forecast(steps, 95);
            double[] mean = f.mean();
            double[] hi = f.interval(95).orElseThrow().upper();
            double[] dayMean = new double[days];
            double[] dayHi = new double[days];
            for (int d = 0; d < days; d++) {
                // A period's demand is spread evenly over its days; its spread shrinks like √days per day.
                int s = Math.min(steps - 1, (int) (d / daysPerStep));
                dayMean[d] = mean[s] / daysPerStep;
                dayHi[d] = dayMean[d] + (hi[s] - mean[s]) / Math.sqrt(daysPerStep);
            }
            out.add(ReplenishmentPlan.compute(e.getKey(), p == null ? null : p.title(), p == null ? null : p.onHand(),
                    policy, e.getValue().model().description(), dayMean, dayHi));
        }
        return out;
    }

    static double daysPerStep(Frequency frequency) {
        return switch (frequency) {
            case DAILY -> 1;
            case WEEKLY -> 7;
            case MONTHLY -> 365.25 / 12;
            case QUARTERLY -> 365.25 / 4;
            case YEARLY -> 365.25;
        };
    }

    /** Most urgent first: stock-out risk (unknown stock last), then days of cover (no demand last). */
    static final Comparator<ReplenishmentPlan> URGENCY = Comparator
            .comparing((ReplenishmentPlan p) -> p.stockoutRisk() == null ? -1.0 : p.stockoutRisk(), Comparator.reverseOrder())
            .thenComparing(p -> p.daysOfCover() == null ? Double.MAX_VALUE : p.daysOfCover())
            .thenComparing(ReplenishmentPlan::productId);

    private JsonObject toJson(String shop, ActiveModels.Active active, List<ReplenishmentPlan> plans, int limit,
                              boolean reorderOnly) {
        List<ReplenishmentPlan> sorted = plans.stream()
                .filter(p -> !reorderOnly || (p.orderQuantity() != null && p.orderQuantity() > 0))
                .sorted(URGENCY).toList();
        JsonArray items = new JsonArray();
        for (ReplenishmentPlan p : sorted.subList(0, Math.min(limit, sorted.size()))) {
            items.add(new JsonObject().put("product_id", p.productId()).put("title", p.title())
                    .put("on_hand", p.onHand()).put("lead_time_days", p.policy().leadTimeDays())
                    .put("review_period_days", p.policy().reviewPeriodDays())
                    .put("service_level", p.policy().serviceLevel())
                    .put("forecast_lead_time_demand", round(p.leadTimeDemand()))
                    .put("safety_stock", round(p.safetyStock())).put("reorder_point", round(p.reorderPoint()))
                    .put("order_up_to_level", round(p.orderUpToLevel()))
                    .put("order_quantity", p.orderQuantity()).put("days_of_cover", round(p.daysOfCover()))
                    .put("stockout_risk", round(p.stockoutRisk())).put("model", p.model()));
        }
        long toOrder = plans.stream().filter(p -> p.orderQuantity() != null && p.orderQuantity() > 0).count();
        return new JsonObject().put("shop", shop).put("forecaster", active.strategyId())
                .put("model_version", active.version()).put("trained_at", active.trainedAt().toString())
                .put("generated_at", clock.instant().toString()).put("products_planned", plans.size())
                .put("products_to_order", toOrder).put("total", sorted.size()).put("products", items);
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }
}
