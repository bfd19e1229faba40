package dev.merchantry.platform.serving;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.platform.catalog.CatalogAvailability;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.experiments.ExperimentAssignments;
import dev.merchantry.platform.performance.ImpressionLog;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.ForecastBundle;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.merchantry.platform.service.RequestFields.intField;
import static dev.merchantry.platform.service.RequestFields.optionalString;
import static dev.merchantry.platform.service.RequestFields.requireString;

/**
 * Answers strategy calls (recommend, forecast) for a shop from its bound strategy's active model. This is what the
 * event-bus consumers run, so whichever node receives a request can serve it. Requests are JSON objects in the
 * wire format of {@code docs/event-bus.md}; invalid ones fail with a 400 naming the field.
 */
public final class ServingService {

    /** Longest a single plugin query may take before the caller gets a 504. */
    public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_LIMIT = 100;
    public static final int MAX_HORIZON = 730;
    private static final Logger LOG = LoggerFactory.getLogger(ServingService.class);

    private final BindingService bindings;
    private final ActiveModels models;
    private final StrategyCatalog catalog;
    private final StrategyInvoker invoker;
    private final CatalogAvailability availability;
    private final CustomerIds customerIds;
    private final ServingSettingsService servingSettings;
    private final PurchasedProducts purchases;
    private final ServingStats stats;
    private final ExperimentAssignments experiments;
    private final ImpressionLog impressions;

    public ServingService(BindingService bindings, ActiveModels models, StrategyCatalog catalog,
                          StrategyInvoker invoker, CatalogAvailability availability, CustomerIds customerIds,
                          ServingSettingsService servingSettings, PurchasedProducts purchases, ServingStats stats,
                          ExperimentAssignments experiments, ImpressionLog impressions) {
        this.impressions = impressions;
        this.stats = stats;
        this.experiments = experiments;
        this.servingSettings = servingSettings;
        this.purchases = purchases;
        this.bindings = bindings;
        this.models = models;
        this.catalog = catalog;
        this.invoker = invoker;
        this.availability = availability;
        this.customerIds = customerIds;
    }

    /**
     * {@code {shop, customer_id?, product_id?, limit?, exclude?, category?}} → {@code {recommendation_id, strategy,
     * fallback, items: [{product_id, score, reason, strategy}]}}. Asks the bound recommender, then each strategy of
     * the shop's fallback chain in turn until {@code limit} items are found: a new shopper, a product without history
     * or a failing plugin still gets an answer, and the reply says which strategy gave it.
     */
    public Future<JsonObject> recommend(JsonObject request) {
        String shop = requireString(request, "shop");
        String rawCustomer = optionalString(request, "customer_id");
        String product = optionalString(request, "product_id");
        if (rawCustomer == null && product == null) {
            throw ServiceException.field("customer_id", "give customer_id, product_id or both");
        }
        int limit = intField(request, RECOMMEND_REQUEST, "limit");
        String category = optionalString(request, "category");
        Set<String> exclude = new HashSet<>();
        Object ex = request.getValue("exclude");
        if (ex != null) {
            if (!(ex instanceof JsonArray array)) {
                throw ServiceException.field("exclude", "must be an array of product ids");
            }
            for (Object id : array) {
                if (!(id instanceof String s)) {
                    throw ServiceException.field("exclude", "must contain only product id strings");
                }
                exclude.add(s);
            }
        }
        if (product != null) {
            exclude.add(product);
        }
        Future<String> customerKey = rawCustomer == null ? Future.succeededFuture(null)
                : customerIds.storedId(shop, rawCustomer);
        Future<Map<String, String>> categories = category == null ? Future.succeededFuture(Map.of())
                : availability.categories(shop);
        // A customer in a running experiment is served by their variant's strategy (bound or not), from the model
        // trained with the variant's config; everyone else by the shop's enabled binding.
        Future<Optional<ExperimentAssignments.Assignment>> assigned = customerKey.compose(stored ->
                experiments.assign(shop, StrategyKind.RECOMMENDER, stored));
        Future<String> head = assigned.compose(a -> a.isPresent() ? Future.succeededFuture(a.get().strategyId())
                : enabledBinding(shop, StrategyKind.RECOMMENDER).map(Binding::strategyId));
        return head.compose(headStrategy -> Future.all(
                availability.unavailable(shop), customerKey, categories, servingSettings.find(shop)).compose(ready -> {
            // Hidden and out-of-stock products are never served, whatever the model learned.
            exclude.addAll(ready.<Set<String>>resultAt(0));
            String customer = ready.resultAt(1);
            Map<String, String> categoryOf = ready.resultAt(2);
            ServingSettings settings = ready.resultAt(3);
            Future<List<String>> bought = customer == null || !settings.excludePurchased()
                    ? Future.succeededFuture(List.of())
                    : purchases.of(shop, customer);
            return bought.compose(purchased -> {
                exclude.addAll(purchased);
                Predicate<String> allowed = id -> !exclude.contains(id)
                        && (category == null || inCategory(categoryOf.get(id), category));
                RecommendationQuery query = new RecommendationQuery(customer,
                        product == null ? List.of() : List.of(product), limit, allowed);
                List<String> chain = new ArrayList<>();
                chain.add(headStrategy);
                for (String id : settings.recommendationFallback()) {
                    if (!chain.contains(id) && catalog.find(id).map(s -> s.descriptor().kind() == StrategyKind.RECOMMENDER)
                            .orElse(false)) {
                        chain.add(id);
                    }
                }
                Answer answer = new Answer(limit);
                String headLine = assigned.result().map(ExperimentAssignments.Assignment::configKey).orElse("");
                return ask(shop, chain, headLine, 0, query, answer).map(done -> {
                    JsonObject reply = answer.toJson(headStrategy);
                    Optional<ExperimentAssignments.Assignment> a = assigned.result();
                    a.ifPresent(in -> reply.put("experiment_id", in.experimentId()).put("variant_id", in.variantId()));
                    String strategy = reply.getString("strategy");
                    stats.record(shop, strategy, reply.getBoolean("fallback"));
                    impressions.served(shop, reply.getString("recommendation_id"), strategy,
                            a.map(ExperimentAssignments.Assignment::experimentId).orElse(null),
                            a.map(ExperimentAssignments.Assignment::variantId).orElse(null), customer,
                            answer.productIds());
                    return reply;
                });
            });
        }));
    }

    /**
     * A random (version 4) UUID from the thread's own generator: {@link UUID#randomUUID()} draws from the shared
     * SecureRandom, whose lock every serving thread would queue on. The id must be unique, not unguessable.
     */
    static String recommendationId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** Items gathered along the fallback chain, and why strategies were passed over. */
    private static final class Answer {
        final int limit;
        final JsonArray items = new JsonArray();
        final Set<String> chosen = new HashSet<>();
        final List<String> answeredBy = new ArrayList<>();
        final JsonArray skipped = new JsonArray();

        Answer(int limit) {
            this.limit = limit;
        }

        boolean full() {
            return items.size() >= limit;
        }

        List<String> productIds() {
            List<String> ids = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                ids.add(items.getJsonObject(i).getString("product_id"));
            }
            return ids;
        }

        JsonObject toJson(String bound) {
            String strategy = answeredBy.isEmpty() ? null : answeredBy.get(0);
            JsonObject out = new JsonObject().put("recommendation_id", recommendationId())
                    .put("strategy", strategy).put("fallback", strategy != null && !strategy.equals(bound))
                    .put("items", items);
            if (!skipped.isEmpty()) {
                out.put("skipped", skipped);
            }
            return out;
        }
    }

    /**
     * Asks {@code chain[index]} and then the rest; the head is served from the model line {@code headLine} (an
     * experiment variant's config, or the shop's own: ""), the fallbacks from the shop's own models.
     */
    private Future<Void> ask(String shop, List<String> chain, String headLine, int index, RecommendationQuery query,
                             Answer answer) {
        if (index >= chain.size() || answer.full()) {
            return Future.succeededFuture();
        }
        String strategyId = chain.get(index);
        return models.find(shop, StrategyKind.RECOMMENDER, strategyId, index == 0 ? headLine : "").compose(found -> {
            if (found.isEmpty()) {
                answer.skipped.add(new JsonObject().put("strategy", strategyId).put("reason", "no trained model"));
                return Future.<Void>succeededFuture();
            }
            ActiveModels.Active active = found.get();
            RecommenderModel model = (RecommenderModel) active.model();
            return invoker.call(loader(active), QUERY_TIMEOUT, "recommender '" + strategyId + "'",
                    () -> model.recommend(query)).map(items -> {
                        int before = answer.items.size();
                        for (ScoredItem item : items) {
                            // Contained even if a plugin ignores the query: never more than asked, never excluded.
                            if (answer.full() || !query.allowed().test(item.itemId()) || !answer.chosen.add(item.itemId())) {
                                continue;
                            }
                            answer.items.add(new JsonObject().put("product_id", item.itemId())
                                    .put("score", finite(item.score())).put("reason", item.reason())
                                    .put("strategy", strategyId));
                        }
                        if (answer.items.size() > before) {
                            answer.answeredBy.add(strategyId);
                        } else {
                            answer.skipped.add(new JsonObject().put("strategy", strategyId)
                                    .put("reason", query.customerId() != null && query.contextItems().isEmpty()
                                            ? "nothing for this customer" : "nothing for this customer or product"));
                        }
                        return (Void) null;
                    });
        }).recover(failure -> {
            // A plugin whose model fails to load, or that throws or hangs when asked, is contained: the chain goes
            // on without it and the reply says why it was passed over.
            LOG.warn("recommender '{}' failed for shop {}: {}", strategyId, shop, failure.toString());
            answer.skipped.add(new JsonObject().put("strategy", strategyId)
                    .put("reason", "failed: " + failure.getMessage()));
            return Future.succeededFuture();
        }).compose(v -> ask(shop, chain, headLine, index + 1, query, answer));
    }

    /** Exact match, or a sub-category of it ({@code Shoes/Trail} and {@code Shoes > Trail} are in {@code Shoes}). */
    static boolean inCategory(String productCategory, String wanted) {
        if (productCategory == null) {
            return false;
        }
        if (productCategory.equalsIgnoreCase(wanted)) {
            return true;
        }
        String p = productCategory.toLowerCase(java.util.Locale.ROOT);
        String w = wanted.toLowerCase(java.util.Locale.ROOT);
        return p.startsWith(w + "/") || p.startsWith(w + " > ") || p.startsWith(w + ">");
    }

    /** {@code {shop, product_id, horizon?}} → {@code {model, frequency, points: [{date, mean, lo80, hi80, lo95, hi95}]}}. */
    public Future<JsonObject> forecast(JsonObject request) {
        String shop = requireString(request, "shop");
        String product = requireString(request, "product_id");
        int horizon = intField(request, FORECAST_REQUEST, "horizon");
        double[] quantiles = quantiles(request.getValue("quantiles"));
        // A quantile q is the bound of the central interval at level |2q − 1|: below the median the lower bound.
        double[] levels = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.of(80, 95),
                java.util.Arrays.stream(quantiles).filter(q -> q != 0.5).map(q -> Math.abs(2 * q - 1) * 100))
                .distinct().toArray();
        return enabledBinding(shop, StrategyKind.FORECASTER).compose(binding -> models.require(binding).compose(active -> {
            ForecastBundle bundle = (ForecastBundle) active.model();
            ForecastBundle.Entry entry = bundle.entries().get(product);
            if (entry == null) {
                throw ServiceException.notFound("product '" + product + "' has no forecast in shop '" + shop
                        + "' (no demand history when the model was trained)");
            }
            ForecastModel model = entry.model();
            return invoker.call(loader(active), QUERY_TIMEOUT, "forecaster '" + active.strategyId() + "'",
                    () -> model.forecast(horizon, levels)).map(f -> toJson(active.strategyId(), model, entry, f, quantiles));
        }));
    }

    static final int MAX_QUANTILES = 20;

    /** {@code merchantry.recommend}'s body (REST: the query parameters of {@code GET …/recommendations}). */
    public static final Schema RECOMMEND_REQUEST = Schema.object("RecommendRequest")
            .doc("give customer_id, product_id or both")
            .required("shop", Schema.string())
            .optional("customer_id", Schema.string().nullable().doc("the shop's customer id"))
            .optional("product_id", Schema.string().nullable().doc("product page / cart context"))
            .optional("limit", Schema.integer().min(1).max(MAX_LIMIT).defaultValue(10).doc("number of items"))
            .optional("exclude", Schema.array(Schema.string()).doc("product ids never to return"))
            .optional("category", Schema.string().nullable()
                    .doc("only products of this category or its sub-categories"));
    /** What {@link #recommend} answers (REST and {@code merchantry.recommend}). */
    public static final Schema RECOMMENDATION = Schema.object("Recommendation")
            .required("recommendation_id", Schema.string().doc("send it back with the events it led to"))
            .required("strategy", Schema.string().nullable().doc("the strategy that answered; null when none could"))
            .required("fallback", Schema.bool().doc("true when a fallback strategy answered, not the bound one"))
            .required("items", Schema.array(Schema.object()
                    .required("product_id", Schema.string())
                    .required("score", Schema.number())
                    .required("reason", Schema.string())
                    .required("strategy", Schema.string())))
            .optional("skipped", Schema.array(Schema.object()
                    .required("strategy", Schema.string())
                    .required("reason", Schema.string())).doc("strategies of the chain that gave nothing, and why"))
            .optional("experiment_id", Schema.string().doc("the running experiment the customer is in"))
            .optional("variant_id", Schema.string().doc("the experiment's variant that served; send it back with"
                    + " the events it led to"));
    /** {@code merchantry.forecast}'s body. */
    public static final Schema FORECAST_REQUEST = Schema.object("ForecastRequest")
            .required("shop", Schema.string())
            .required("product_id", Schema.string())
            .optional("horizon", Schema.integer().min(1).max(MAX_HORIZON).defaultValue(14)
                    .doc("number of periods ahead"))
            .optional("quantiles", Schema.array(Schema.number().doc("strictly between 0 and 1"))
                    .maxItems(MAX_QUANTILES).doc("extra quantiles per point"));
    /** What {@link #forecast} answers. */
    public static final Schema FORECAST = Schema.object("Forecast")
            .required("strategy", Schema.string())
            .required("model", Schema.string().doc("the fitted model, in words"))
            .required("frequency", Schema.string().doc("daily, weekly, monthly …"))
            .required("points", Schema.array(Schema.object()
                    .required("date", Schema.date())
                    .required("mean", Schema.number())
                    .required("lo80", Schema.number())
                    .required("hi80", Schema.number())
                    .required("lo95", Schema.number())
                    .required("hi95", Schema.number())
                    .optional("quantiles", Schema.map(Schema.number()).doc("value per requested quantile"))));

    /** {@code quantiles}: an array (bus) or comma-separated string (REST) of probabilities strictly between 0 and 1. */
    public static double[] quantiles(Object raw) {
        if (raw == null) {
            return new double[0];
        }
        List<Object> items = raw instanceof JsonArray a ? a.getList()
                : raw instanceof String s ? List.<Object>of(s.split(",")) : null;
        if (items == null || items.size() > MAX_QUANTILES) {
            throw ServiceException.field("quantiles", "must be a list of at most " + MAX_QUANTILES
                    + " probabilities, e.g. 0.1,0.5,0.9");
        }
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            Object item = items.get(i);
            double q;
            try {
                q = item instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(item).trim());
            } catch (NumberFormatException e) {
                throw ServiceException.field("quantiles", "'" + item + "' is not a number");
            }
            if (!(q > 0 && q < 1) || Math.abs(2 * q - 1) * 100 >= 100 - 1e-9) {
                throw ServiceException.field("quantiles", "each must be strictly between 0 and 1, got " + item);
            }
            out[i] = q;
        }
        return out;
    }

    private static JsonObject toJson(String strategy, ForecastModel model, ForecastBundle.Entry entry, Forecast f,
                                     double[] quantiles) {
        double[] mean = f.mean();
        var i80 = f.interval(80).orElseThrow(() -> new IllegalStateException("forecaster returned no 80% interval"));
        var i95 = f.interval(95).orElseThrow(() -> new IllegalStateException("forecaster returned no 95% interval"));
        JsonArray points = new JsonArray();
        for (int h = 0; h < mean.length; h++) {
            LocalDate date = entry.frequency().plus(entry.firstForecastDate(), h);
            points.add(new JsonObject().put("date", date.toString()).put("mean", finite(mean[h]))
                    .put("lo80", finite(i80.lower()[h])).put("hi80", finite(i80.upper()[h]))
                    .put("lo95", finite(i95.lower()[h])).put("hi95", finite(i95.upper()[h])));
            if (quantiles.length > 0) {
                JsonObject qs = new JsonObject();
                for (double q : quantiles) {
                    double value;
                    if (q == 0.5) {
                        value = mean[h];
                    } else {
                        var pi = f.interval(Math.abs(2 * q - 1) * 100).orElseThrow(() ->
                                new IllegalStateException("forecaster returned no interval for quantile " + q));
                        value = q < 0.5 ? pi.lower()[h] : pi.upper()[h];
                    }
                    qs.put(String.valueOf(q), finite(value));
                }
                points.getJsonObject(h).put("quantiles", qs);
            }
        }
        return new JsonObject().put("strategy", strategy).put("model", model.description())
                .put("frequency", entry.frequency().wireName()).put("points", points);
    }

    private ClassLoader loader(ActiveModels.Active active) {
        return catalog.find(active.strategyId()).map(LoadedStrategy::classLoader)
                .orElseThrow(() -> ServiceException.unavailable("strategy '" + active.strategyId() + "' was just unloaded"));
    }

    private Future<Binding> enabledBinding(String shop, StrategyKind kind) {
        return bindings.find(shop, kind).map(found -> {
            Binding b = found.orElseThrow(() -> ServiceException.conflict("shop '" + shop + "' has no "
                    + kind.wireName() + " strategy; bind one with PUT /api/v1/shops/" + shop + "/strategies/" + kind.wireName()));
            if (!b.enabled()) {
                throw ServiceException.conflict("the " + kind.wireName() + " strategy of shop '" + shop + "' is disabled");
            }
            return b;
        });
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("strategy returned a non-finite number");
        }
        return v;
    }
}
