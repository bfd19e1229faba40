package dev.merchantry.platform.experiments;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.experiments.stats.ArmStats;
import dev.merchantry.platform.experiments.stats.Metric;
import dev.merchantry.platform.experiments.stats.SequentialAnalysis;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.ExperimentRecord;
import dev.merchantry.platform.storage.ExperimentRepository;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.ConfigFingerprint;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.codec.digest.MurmurHash3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A/B experiments between strategies of a shop: create, start, stop, ship (the winner becomes the shop's binding,
 * recorded in the binding history), assignment of units to variants for serving, and the results through
 * {@link SequentialAnalysis}. Assignment is a stable hash: MurmurHash3 (x64, 128-bit, Commons Codec) of the
 * experiment's random salt and the unit id, mapped to [0, 1) and cut by the variants' weights — the same unit
 * always gets the same variant on every node, and two experiments split independently.
 *
 * <p>The analysis is intention-to-treat: a unit counts for the variant it was assigned from its first exposure on,
 * and its outcomes are the events it sent after that exposure (docs/rest-api.md, Experiments).
 *
 * <p>A recommender variant is served from a model of its own, trained with its config ({@link ConfigFingerprint}
 * names the line), even when the config equals the binding's: the binding may change while the experiment runs, the
 * variant must not. Its start queues those trainings; until every variant's model is stored the experiment is not
 * {@code ready}: requests are served by the binding and no unit is assigned, so no variant is judged on answers of
 * another strategy.
 */
public final class ExperimentService implements ExperimentAssignments {

    public static final String DRAFT = "draft";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String SHIPPED = "shipped";
    public static final int MAX_VARIANTS = 5;
    static final Duration RUNNING_CACHE = Duration.ofSeconds(2);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentService.class);
    private static final Pattern VARIANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String[] STATUSES = {DRAFT, RUNNING, STOPPED, SHIPPED};
    private static final String[] METRICS = java.util.Arrays.stream(PrimaryMetric.values()).map(m -> m.wire)
            .distinct().toArray(String[]::new);
    /**
     * The reserved strategy of a pricing variant that charges the product's list price (the control of "did the
     * agent beat the list price"): no agent, no config.
     */
    public static final String LIST_PRICE = "list-price";
    private static final String CUSTOMER = "customer";
    private static final String PRODUCT = "product";
    private static final String[] UNITS = {CUSTOMER, PRODUCT};
    /** Free-form: the variant strategy's own configuration keys. */
    private static final Schema CONFIG = Schema.map(Schema.any()).doc("the strategy's configuration");

    /** A variant as {@link #create} reads it. */
    static final Schema VARIANT_REQUEST = Schema.object()
            .required("id", Schema.string().doc("1-64 letters, digits, '-' or '_', starting with a letter or digit"))
            .required("strategy", Schema.string().doc("an installed strategy of the experiment's kind (or, in a"
                    + " pricing experiment, list-price: the product's list price); two variants may use one strategy"
                    + " with different configs"))
            .optional("config", CONFIG.defaultValue(new JsonObject()))
            .optional("weight", Schema.number().exclusiveMin(0).max(1_000_000).defaultValue(1)
                    .doc("share of units, relative to the other variants' weights"));
    /** The body {@link #create} reads; its property names are the fields an experiment may have. */
    public static final Schema CREATE_REQUEST = Schema.object()
            .required("name", Schema.string().maxLength(200))
            .optional("kind", Schema.enumOf(StrategyKind.RECOMMENDER.wireName(), StrategyKind.PRICING.wireName())
                    .defaultValue(StrategyKind.RECOMMENDER.wireName()).doc("forecaster and profiler experiments are"
                            + " refused: nothing a shopper is shown depends on them"))
            .optional("unit", Schema.enumOf(UNITS).doc("what is assigned to a variant: customer for recommender"
                    + " experiments, product for pricing ones (one product, one price); the default follows the kind"))
            .required("variants", Schema.array(VARIANT_REQUEST).minItems(2).maxItems(MAX_VARIANTS)
                    .doc("control first"))
            .optional("primary_metric", Schema.enumOf(METRICS).doc("recommender: click (the default), add_to_cart,"
                    + " order or revenue (per customer); pricing: revenue (the default) or profit per product-day"))
            .optional("max_days", Schema.integer().min(1).max(365)
                    .defaultValue(SequentialAnalysis.Settings.DEFAULT_LOOKS).doc("planned duration (daily looks)"))
            .optional("mde", Schema.number().min(0.005).max(1).defaultValue(SequentialAnalysis.Settings.DEFAULT_MDE)
                    .doc("minimum detectable (relative) lift"));
    /** The body {@link #ship} reads. */
    public static final Schema SHIP_REQUEST = Schema.object()
            .required("variant", Schema.string().doc("the id of the variant to ship"));
    /** An experiment as {@link #toJson} writes it. */
    public static final Schema EXPERIMENT = Schema.object("Experiment")
            .required("id", Schema.string())
            .required("shop", Schema.string())
            .required("name", Schema.string())
            .required("kind", Schema.enumOf(java.util.Arrays.stream(StrategyKind.values())
                    .map(StrategyKind::wireName).toArray(String[]::new)))
            .required("unit", Schema.enumOf(UNITS))
            .required("primary_metric", Schema.enumOf(METRICS))
            .required("mde", Schema.number())
            .required("max_days", Schema.integer())
            .required("variants", Schema.array(Schema.object("ExperimentVariant")
                    .required("id", Schema.string())
                    .required("strategy", Schema.string())
                    .required("config", CONFIG)
                    .required("weight", Schema.number())))
            .required("status", Schema.enumOf(STATUSES))
            .required("created_at", Schema.dateTime())
            .required("started_at", Schema.dateTime().nullable())
            .required("stopped_at", Schema.dateTime().nullable())
            .required("shipped_variant", Schema.string().nullable())
            .required("created_by", Schema.string().nullable().doc("who created it"))
            .optional("ready", Schema.bool().doc("running experiments: whether every variant can be served (a"
                    + " recommender variant needs its own trained model); until then requests are served by the"
                    + " binding and no unit is assigned"));
    /** What {@link #results} writes; before the start only the head and the not_started verdict. */
    public static final Schema RESULTS = Schema.object("ExperimentResults")
            .required("experiment_id", Schema.string())
            .required("status", Schema.enumOf(STATUSES))
            .required("primary_metric", Schema.enumOf(METRICS))
            .required("metric_kind", Schema.enumOf(java.util.Arrays.stream(Metric.values()).map(Metric::wireName)
                    .toArray(String[]::new)))
            .required("unit", Schema.enumOf(UNITS))
            .required("mde", Schema.number())
            .required("alpha", Schema.number())
            .required("days", Schema.integer().min(0).doc("days of data, 0 before the start"))
            .optional("alpha_per_comparison", Schema.number())
            .optional("variants", Schema.array(Schema.object()
                    .required("id", Schema.string())
                    .required("strategy", Schema.string())
                    .required("weight", Schema.number())
                    .required("units", Schema.integer().min(0))
                    .required("share", Schema.number().nullable().doc("of all units; null while there are none"))
                    .optional("conversions", Schema.number().doc("converted units (conversion metrics)"))
                    .optional("total", Schema.number().doc("sum of the units' outcomes (revenue or profit metrics)"))
                    .optional("product_days", Schema.number().doc("pricing: the days the counted products have been"
                            + " exposed, in all"))
                    .required("estimate", Schema.number().nullable().doc("null while the variant has no units"))))
            .optional("comparisons", Schema.array(Schema.object()
                    .required("variant", Schema.string())
                    .required("control", Schema.string())
                    .required("lift", Schema.number().nullable().doc("null until defined"))
                    .required("lower", Schema.number().nullable())
                    .required("upper", Schema.number().nullable())
                    .required("p_value", Schema.number())
                    .required("decided", Schema.bool())
                    .required("decided_on_day", Schema.integer().nullable())
                    .required("probability_to_beat", Schema.number().nullable())
                    .required("units_needed", Schema.integer().nullable())))
            .optional("sample_ratio", Schema.object()
                    .required("chi_square", Schema.number())
                    .required("p_value", Schema.number())
                    .required("mismatch", Schema.bool())
                    .required("threshold", Schema.number()))
            .required("verdict", Schema.object()
                    .required("code", Schema.enumOf("not_started", "collecting", "sample_ratio_mismatch", "winner",
                            "control_wins", "no_difference", "keep_running", "inconclusive"))
                    .required("words", Schema.string())
                    .optional("winner", Schema.string().nullable().doc("the winning variant, if any")));

    /**
     * The primary metrics of each kind: for recommenders, which event makes a customer convert (or the revenue of
     * their orders); for pricing, revenue or profit per product-day ({@link ProductDayLooks}). How each is modelled.
     */
    enum PrimaryMetric {
        CLICK("click", StrategyKind.RECOMMENDER, "Product Clicked", true, Metric.CONVERSION, "conversion"),
        ADD_TO_CART("add_to_cart", StrategyKind.RECOMMENDER, "Product Added", false, Metric.CONVERSION, "conversion"),
        ORDER("order", StrategyKind.RECOMMENDER, "Order Completed", false, Metric.CONVERSION, "conversion"),
        REVENUE("revenue", StrategyKind.RECOMMENDER, "Order Completed", false, Metric.REVENUE, "revenue per customer"),
        PRODUCT_REVENUE("revenue", StrategyKind.PRICING, "Order Completed", false, Metric.REVENUE,
                "revenue per product-day"),
        PRODUCT_PROFIT("profit", StrategyKind.PRICING, "Order Completed", false, Metric.REVENUE,
                "profit per product-day");

        final String wire;
        final StrategyKind kind;
        final String eventType;
        final boolean recommendedOnly;
        final Metric metric;
        final String words;

        PrimaryMetric(String wire, StrategyKind kind, String eventType, boolean recommendedOnly, Metric metric,
                      String words) {
            this.wire = wire;
            this.kind = kind;
            this.eventType = eventType;
            this.recommendedOnly = recommendedOnly;
            this.metric = metric;
            this.words = words;
        }

        static Optional<PrimaryMetric> of(StrategyKind kind, String wire) {
            for (PrimaryMetric m : values()) {
                if (m.kind == kind && m.wire.equals(wire)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        static PrimaryMetric defaultOf(StrategyKind kind) {
            return kind == StrategyKind.PRICING ? PRODUCT_REVENUE : CLICK;
        }

        static String choices(StrategyKind kind) {
            return String.join(", ", java.util.Arrays.stream(values()).filter(m -> m.kind == kind)
                    .map(m -> m.wire).toList());
        }
    }

    private final Vertx vertx;
    private final ExperimentRepository repository;
    private final StrategyCatalog catalog;
    private final BindingService bindings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ModelRepository models;
    private final Cache<String, List<Live>> running = Caffeine.newBuilder()
            .expireAfterWrite(RUNNING_CACHE).maximumSize(10_000).build();
    private volatile VariantTraining training = (shop, kind, strategy, config, actor) -> Future.succeededFuture();

    /** Queues the training of a variant's own model (the jobs service, wired by the node). */
    public interface VariantTraining {
        Future<?> train(String shop, StrategyKind kind, String strategyId, JsonObject config, String actor);
    }

    /** A variant as served: its strategy, config and model line. */
    record Plan(String variantId, String strategyId, JsonObject config, String configKey) {
    }

    /** A running experiment with its variants' plans, and whether every variant can be served. */
    record Live(ExperimentRecord experiment, List<Plan> plans, double[] weights, boolean ready) {
    }
    private final Cache<String, Boolean> exposed = Caffeine.newBuilder().maximumSize(200_000).build();

    public ExperimentService(Vertx vertx, ExperimentRepository repository, ModelRepository models,
                             StrategyCatalog catalog, BindingService bindings, Clock clock) {
        this.vertx = vertx;
        this.repository = repository;
        this.models = models;
        this.catalog = catalog;
        this.bindings = bindings;
        this.clock = clock;
    }

    private volatile java.util.function.BiFunction<String, String, Future<Integer>> listPriceShipped =
            (shop, why) -> Future.succeededFuture(0);

    /**
     * What happens to the live prices when the list price is shipped: {@code (shop, why)} → how many products got
     * their list price back (the pricing service, registered by the node; none until then).
     */
    public void onListPriceShipped(java.util.function.BiFunction<String, String, Future<Integer>> restore) {
        this.listPriceShipped = restore;
    }

    /** Validates the body (every bad field named at once) and stores a draft experiment. */
    public Future<JsonObject> create(String shop, JsonObject body, String actor) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String field : body.fieldNames()) {
            if (!CREATE_REQUEST.propertyNames().contains(field)) {
                errors.add(new ServiceException.FieldError(field, "unknown field; an experiment has name, kind, unit, "
                        + "variants, primary_metric, max_days and mde"));
            }
        }
        String name = text(body, "name", true, 200, errors);
        String kindName = text(body, "kind", false, 32, errors);
        StrategyKind kind = kindName == null ? StrategyKind.RECOMMENDER : kind(kindName, errors);
        String unit = text(body, "unit", false, 16, errors);
        if (kind != null) {
            String expected = kind == StrategyKind.PRICING ? PRODUCT : CUSTOMER;
            if (unit == null) {
                unit = expected;
            } else if (!unit.equals(expected)) {
                errors.add(new ServiceException.FieldError("unit", unitProblem(kind, unit)));
            }
        } else if (unit != null && !unit.equals(CUSTOMER) && !unit.equals(PRODUCT)) {
            errors.add(new ServiceException.FieldError("unit", "must be customer or product"));
        }
        String metricName = text(body, "primary_metric", false, 32, errors);
        PrimaryMetric metric = kind == null ? null : PrimaryMetric.defaultOf(kind);
        if (metricName != null && kind != null) {
            metric = PrimaryMetric.of(kind, metricName).orElse(null);
            if (metric == null) {
                errors.add(new ServiceException.FieldError("primary_metric", "a " + kind.wireName()
                        + " experiment measures " + PrimaryMetric.choices(kind) + (kind == StrategyKind.PRICING
                        ? " (per product-day), not " : ", not ") + metricName));
            }
        }
        int maxDays = integer(body, "max_days", SequentialAnalysis.Settings.DEFAULT_LOOKS, 1, 365, errors);
        double mde = number(body, "mde", SequentialAnalysis.Settings.DEFAULT_MDE, 0.005, 1, errors);
        JsonArray variants = variants(kind, body.getValue("variants"), errors);
        if (!errors.isEmpty()) {
            throw ServiceException.invalid("the experiment has " + errors.size() + (errors.size() == 1
                    ? " invalid field" : " invalid fields") + "; nothing was stored", errors);
        }
        Instant now = clock.instant();
        String id = "exp_" + HexFormat.of().formatHex(bytes(8));
        ExperimentRecord record = new ExperimentRecord(shop, id, name, kind.wireName(), unit,
                HexFormat.of().formatHex(bytes(16)), metric.wire, mde, maxDays, variants.encode(), DRAFT, now, null,
                null, null, actor);
        return vertx.executeBlocking(() -> {
            repository.create(record);
            return toJson(record);
        });
    }

    /** The kind of an experiment: recommender or pricing; the others are refused, saying why. */
    private static StrategyKind kind(String name, List<ServiceException.FieldError> errors) {
        Optional<StrategyKind> kind = StrategyKind.fromWireName(name);
        if (kind.isEmpty()) {
            errors.add(new ServiceException.FieldError("kind", "must be recommender or pricing, not " + name));
            return null;
        }
        switch (kind.get()) {
            case RECOMMENDER, PRICING -> {
                return kind.get();
            }
            case FORECASTER -> errors.add(new ServiceException.FieldError("kind", "forecaster experiments are not"
                    + " supported: a forecast is not shown to shoppers, so no live outcome depends on which forecaster"
                    + " made it; compare forecasters on the same data with GET …/performance?kind=forecaster (the"
                    + " accuracy of what each served) or offline with merchantry evaluate forecaster"));
            default -> errors.add(new ServiceException.FieldError("kind", "profiler experiments are not supported:"
                    + " segments and churn risks change no answer a shopper gets, so there is no outcome to split"
                    + " by variant; compare profilers by their calibration with GET …/performance?kind=profiler or"
                    + " offline with merchantry evaluate profiler"));
        }
        return null;
    }

    private static String unitProblem(StrategyKind kind, String unit) {
        if (kind == StrategyKind.PRICING) {
            return unit.equals(CUSTOMER) ? "a pricing experiment assigns products, not customers: one product must"
                    + " have one price for every shopper (and splitting shoppers by price is price discrimination);"
                    + " use product" : "must be product for a pricing experiment";
        }
        return unit.equals(PRODUCT) ? "a recommender experiment assigns customers: a customer must see one strategy's"
                + " lists on every page; product units are for pricing experiments" : "must be customer for a"
                + " recommender experiment";
    }

    /** Where a started experiment's variant trainings go (e.g. {@code JobService::trainVariant}). */
    public ExperimentService trainVariantsWith(VariantTraining training) {
        this.training = training;
        return this;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public Future<List<JsonObject>> list(String shop) {
        return vertx.executeBlocking(() -> repository.list(shop).stream().map(this::withReadiness).toList());
    }

    public Future<JsonObject> get(String shop, String id) {
        return vertx.executeBlocking(() -> withReadiness(require(shop, id)));
    }

    /** Blocking: the experiment's JSON, with {@code ready} when it runs. */
    private JsonObject withReadiness(ExperimentRecord e) {
        JsonObject out = toJson(e);
        return e.status().equals(RUNNING) ? out.put("ready", live(e).ready()) : out;
    }

    /**
     * Blocking: a running experiment as served. A recommender variant needs a model of its line; a variant whose
     * strategy is no longer installed (or no longer accepts its config) is not ready either.
     */
    private Live live(ExperimentRecord e) {
        JsonArray variants = new JsonArray(e.variantsJson());
        StrategyKind kind = StrategyKind.fromWireName(e.kind()).orElseThrow();
        List<Plan> plans = new ArrayList<>();
        boolean ready = true;
        for (Object o : variants) {
            JsonObject v = (JsonObject) o;
            String strategyId = v.getString("strategy");
            JsonObject config = v.getJsonObject("config", new JsonObject());
            String configKey = "";
            if (kind == StrategyKind.RECOMMENDER) {
                Optional<LoadedStrategy> strategy = catalog.find(strategyId);
                try {
                    configKey = strategy.isEmpty() ? "" : ConfigFingerprint.of(strategy.get(), config);
                } catch (RuntimeException invalid) {
                    configKey = "";
                }
                ready = ready && !configKey.isEmpty()
                        && models.latestTime(e.shopId(), kind, strategyId, configKey).isPresent();
            }
            plans.add(new Plan(v.getString("id"), strategyId, config, configKey));
        }
        return new Live(e, List.copyOf(plans), weights(variants), ready);
    }

    /** draft → running; 409 from any other state or while another experiment of the kind runs in the shop. */
    public Future<JsonObject> start(String shop, String id) {
        return vertx.executeBlocking(() -> {
            ExperimentRecord e = require(shop, id);
            if (!e.status().equals(DRAFT)) {
                throw ServiceException.conflict("experiment '" + id + "' is " + e.status() + "; only a draft can start");
            }
            List<ExperimentRecord> others = repository.running(shop, e.kind());
            if (!others.isEmpty()) {
                throw ServiceException.conflict("experiment '" + others.get(0).id() + "' is already running for the "
                        + e.kind() + " of shop '" + shop + "'; stop it first (a unit is in one experiment at a time)");
            }
            ExperimentRecord started = e.withStatus(RUNNING, clock.instant(), null, null);
            if (!repository.transition(started, DRAFT)) {
                throw ServiceException.conflict("experiment '" + id + "' changed meanwhile; read it again");
            }
            running.invalidate(key(shop, e.kind()));
            if (StrategyKind.RECOMMENDER.wireName().equals(e.kind())) {
                trainVariants(started);
            }
            return withReadiness(started);
        });
    }

    /** Queues one training per distinct (strategy, config) of the experiment; failures only logged (the schedule retries). */
    private void trainVariants(ExperimentRecord e) {
        Set<String> queued = new HashSet<>();
        for (Object o : new JsonArray(e.variantsJson())) {
            JsonObject v = (JsonObject) o;
            JsonObject config = v.getJsonObject("config", new JsonObject());
            if (queued.add(v.getString("strategy") + '\u0000' + config.encode())) {
                training.train(e.shopId(), StrategyKind.RECOMMENDER, v.getString("strategy"), config,
                        "start of experiment " + e.id()).onFailure(f -> LOG.warn("could not queue the training of"
                        + " variant {} of experiment {}: {}", v.getString("id"), e.id(), f.toString()));
            }
        }
    }

    /** running → stopped: serving goes back to the shop's binding; the results stay. */
    public Future<JsonObject> stop(String shop, String id) {
        return vertx.executeBlocking(() -> {
            ExperimentRecord e = require(shop, id);
            if (!e.status().equals(RUNNING)) {
                throw ServiceException.conflict("experiment '" + id + "' is " + e.status() + "; only a running one can stop");
            }
            ExperimentRecord stopped = e.withStatus(STOPPED, e.startedAt(), clock.instant(), null);
            if (!repository.transition(stopped, RUNNING)) {
                throw ServiceException.conflict("experiment '" + id + "' changed meanwhile; read it again");
            }
            running.invalidate(key(shop, e.kind()));
            return toJson(stopped);
        });
    }

    /**
     * {@code {variant}}: binds the variant's strategy and config as the shop's strategy of the kind (through
     * {@link BindingService}, so it lands in the binding history with the actor) and ends the experiment.
     */
    public Future<JsonObject> ship(String shop, String id, JsonObject body, String actor) {
        Object v = body.getValue("variant");
        if (!(v instanceof String variant) || variant.isBlank()) {
            throw ServiceException.field("variant", v == null ? "is required" : "must be a variant id string");
        }
        for (String field : body.fieldNames()) {
            if (!field.equals("variant")) {
                throw ServiceException.field(field, "unknown field; ship takes variant");
            }
        }
        return vertx.executeBlocking(() -> require(shop, id)).compose(e -> {
            if (!e.status().equals(RUNNING) && !e.status().equals(STOPPED)) {
                throw ServiceException.conflict("experiment '" + id + "' is " + e.status()
                        + "; ship a variant of a running or stopped experiment");
            }
            JsonObject chosen = null;
            for (Object o : new JsonArray(e.variantsJson())) {
                if (((JsonObject) o).getString("id").equals(variant)) {
                    chosen = (JsonObject) o;
                }
            }
            if (chosen == null) {
                throw ServiceException.field("variant", "experiment '" + id + "' has no variant '" + variant + "'");
            }
            StrategyKind kind = StrategyKind.fromWireName(e.kind()).orElseThrow();
            String why = actor + " (shipped variant " + variant + " of experiment " + id + ")";
            Future<?> bound;
            if (kind == StrategyKind.PRICING && LIST_PRICE.equals(chosen.getString("strategy"))) {
                // The list price won: no agent decides any more. The binding is disabled (kept, with its history),
                // and the products whose live price is still an agent's get their list price back.
                bound = bindings.find(shop, kind).compose(b -> b.isEmpty() || !b.get().enabled()
                        ? Future.<dev.merchantry.platform.storage.Binding>succeededFuture()
                        : bindings.put(shop, kind, new JsonObject().put("strategy", b.get().strategyId())
                                .put("config", new JsonObject(b.get().configJson())).put("enabled", false), why))
                        .compose(b -> listPriceShipped.apply(shop, "shipped variant " + variant + " of experiment "
                                + id));
            } else {
                bound = bindings.put(shop, kind, new JsonObject().put("strategy", chosen.getString("strategy"))
                        .put("config", chosen.getJsonObject("config", new JsonObject())).put("enabled", true), why);
            }
            return bound.compose(b -> vertx.executeBlocking(() -> {
                        ExperimentRecord shipped = e.withStatus(SHIPPED, e.startedAt(),
                                e.stoppedAt() != null ? e.stoppedAt() : clock.instant(), variant);
                        if (!repository.transition(shipped, e.status())) {
                            throw ServiceException.conflict("experiment '" + id + "' changed meanwhile; the binding "
                                    + "was set to variant " + variant);
                        }
                        running.invalidate(key(shop, e.kind()));
                        return toJson(shipped);
                    }));
        });
    }

    @Override
    public Future<Optional<Assignment>> assign(String shop, StrategyKind kind, String unitId) {
        if (unitId == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return running(shop, kind).compose(list -> {
            if (list.isEmpty() || !list.get(0).ready()) {
                return Future.succeededFuture(Optional.<Assignment>empty());
            }
            Live live = list.get(0);
            ExperimentRecord e = live.experiment();
            Plan plan = live.plans().get(bucket(e.salt(), unitId, live.weights()));
            Assignment a = new Assignment(e.id(), plan.variantId(), plan.strategyId(), plan.config().copy(),
                    plan.configKey());
            String seen = e.id() + "\u0000" + unitId;
            if (exposed.getIfPresent(seen) != null) {
                return Future.succeededFuture(Optional.of(a));
            }
            return vertx.executeBlocking(() -> {
                repository.expose(shop, e.id(), unitId, a.variantId(), clock.instant());
                exposed.put(seen, Boolean.TRUE);
                return Optional.of(a);
            });
        });
    }

    @Override
    public Future<Boolean> assigning(String shop, StrategyKind kind) {
        return running(shop, kind).map(list -> !list.isEmpty() && list.get(0).ready());
    }

    /** The shop's running experiments of the kind, from the cache (a few seconds old at most) or the database. */
    private Future<List<Live>> running(String shop, StrategyKind kind) {
        String key = key(shop, kind.wireName());
        List<Live> cached = running.getIfPresent(key);
        return cached != null ? Future.succeededFuture(cached) : vertx.executeBlocking(() -> {
            List<Live> found = repository.running(shop, kind.wireName()).stream().map(this::live).toList();
            running.put(key, found);
            return found;
        });
    }

    /** The variant index of a unit: MurmurHash3 of salt and unit to a uniform [0, 1), cut by cumulative weight. */
    static int bucket(String salt, String unitId, double[] weights) {
        byte[] data = (salt + "/" + unitId).getBytes(StandardCharsets.UTF_8);
        long h = MurmurHash3.hash128x64(data)[0];
        double u = (h >>> 11) * 0x1.0p-53;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double edge = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            edge += weights[i] / total;
            if (u < edge) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /**
     * Per variant and metric the estimate, lift against control with its always-valid interval, the probability to
     * beat control, the sample-ratio check and the verdict, from daily looks since the start.
     */
    public Future<JsonObject> results(String shop, String id) {
        return vertx.executeBlocking(() -> {
            ExperimentRecord e = require(shop, id);
            StrategyKind kind = StrategyKind.fromWireName(e.kind()).orElseThrow();
            PrimaryMetric metric = PrimaryMetric.of(kind, e.primaryMetric()).orElseThrow();
            JsonArray variants = new JsonArray(e.variantsJson());
            List<String> ids = new ArrayList<>();
            for (Object o : variants) {
                ids.add(((JsonObject) o).getString("id"));
            }
            double[] weights = weights(variants);
            JsonObject out = new JsonObject().put("experiment_id", e.id()).put("status", e.status())
                    .put("primary_metric", metric.wire).put("metric_kind", metric.metric.wireName())
                    .put("unit", e.unit()).put("mde", e.mde()).put("alpha", SequentialAnalysis.Settings.DEFAULT_ALPHA);
            if (e.startedAt() == null) {
                return out.put("days", 0).put("verdict", new JsonObject().put("code", "not_started")
                        .put("words", "Not started: start the experiment to collect data."));
            }
            Instant end = e.stoppedAt() != null ? e.stoppedAt() : clock.instant();
            int days = (int) Math.max(1, Math.min(e.maxDays() + 1L,
                    (Duration.between(e.startedAt(), end).toMillis() + DAY.toMillis() - 1) / DAY.toMillis()));
            double[][] productDays = null;
            List<List<ArmStats>> looks;
            if (kind == StrategyKind.PRICING) {
                ProductDayLooks.Looks priced = productLooks(e, metric, ids, days, end);
                looks = priced.looks();
                productDays = priced.productDays();
            } else {
                looks = looks(e, metric, ids, days, end);
            }
            SequentialAnalysis.Settings settings = new SequentialAnalysis.Settings(metric.metric,
                    SequentialAnalysis.Settings.DEFAULT_ALPHA, e.mde(), e.maxDays(),
                    SequentialAnalysis.Settings.DEFAULT_POWER, metric.words);
            SequentialAnalysis.Result r = SequentialAnalysis.analyze(settings, ids, weights, looks);
            long all = r.totals().stream().mapToLong(ArmStats::units).sum();
            JsonArray perVariant = new JsonArray();
            for (int i = 0; i < ids.size(); i++) {
                ArmStats a = r.totals().get(i);
                JsonObject v = variants.getJsonObject(i);
                JsonObject row = new JsonObject().put("id", ids.get(i)).put("strategy", v.getString("strategy"))
                        .put("weight", v.getDouble("weight")).put("units", a.units())
                        .put("share", all == 0 ? null : (double) a.units() / all)
                        .put(metric.metric == Metric.CONVERSION ? "conversions" : "total", a.sum())
                        .put("estimate", a.units() == 0 ? null : a.mean());
                if (productDays != null) {
                    row.put("product_days", productDays[days - 1][i]);
                }
                perVariant.add(row);
            }
            JsonArray comparisons = new JsonArray();
            for (SequentialAnalysis.Comparison c : r.comparisons()) {
                comparisons.add(new JsonObject().put("variant", c.variant()).put("control", ids.get(0))
                        .put("lift", finite(c.lift())).put("lower", finite(c.lower())).put("upper", finite(c.upper()))
                        .put("p_value", c.pValue()).put("decided", c.decided())
                        .put("decided_on_day", c.decided() ? c.decidedAtLook() : null)
                        .put("probability_to_beat", finite(c.probabilityToBeat()))
                        .put("units_needed", c.unitsNeeded() < 0 ? null : c.unitsNeeded()));
            }
            return out.put("days", days).put("alpha_per_comparison", r.alphaPerComparison())
                    .put("variants", perVariant).put("comparisons", comparisons)
                    .put("sample_ratio", new JsonObject().put("chi_square", r.sampleRatio().chiSquare())
                            .put("p_value", r.sampleRatio().pValue()).put("mismatch", r.sampleRatio().mismatch())
                            .put("threshold", dev.merchantry.platform.experiments.stats.SampleRatio.THRESHOLD))
                    .put("verdict", verdict(e, r.verdict()));
        });
    }

    /**
     * The analysis's verdict, except that an experiment no longer running cannot "keep running": stopped (or shipped)
     * before a decision, it is {@code inconclusive}, with what a decision would have needed.
     */
    private static JsonObject verdict(ExperimentRecord e, dev.merchantry.platform.experiments.stats.Verdict v) {
        if (!RUNNING.equals(e.status()) && v.code().equals("keep_running")) {
            String needed = v.words().replaceFirst("^Keep running: ", "");
            return new JsonObject().put("code", "inconclusive").put("words", "Stopped without a decision: "
                    + needed.substring(0, 1).toLowerCase(Locale.ENGLISH) + needed.substring(1)
                    + " Run a new experiment for longer (or with more traffic) to decide.").putNull("winner");
        }
        return new JsonObject().put("code", v.code()).put("words", v.words()).put("winner", v.winner());
    }

    /** A pricing experiment's looks: revenue or profit per product-day of its exposed products. */
    private ProductDayLooks.Looks productLooks(ExperimentRecord e, PrimaryMetric metric, List<String> ids, int days,
                                               Instant end) {
        ProductDayLooks looks = new ProductDayLooks(e.startedAt().toEpochMilli(), end.toEpochMilli(), days, ids.size(),
                metric == PrimaryMetric.PRODUCT_PROFIT);
        String[] current = {null};
        ExperimentRepository.ProductSale[] head = {null};
        List<ProductDayLooks.Sale> sales = new ArrayList<>();
        Runnable flush = () -> {
            if (head[0] != null) {
                looks.add(new ProductDayLooks.Product(ids.indexOf(head[0].variantId()),
                        head[0].firstAt().toEpochMilli(), head[0].cost(), List.copyOf(sales)));
            }
        };
        repository.productSales(e.shopId(), e.id(), end, row -> {
            if (!row.unitId().equals(current[0])) {
                flush.run();
                current[0] = row.unitId();
                head[0] = row;
                sales.clear();
            }
            if (row.soldAt() != null) {
                sales.add(new ProductDayLooks.Sale(row.soldAt().toEpochMilli(), row.units(), row.revenue()));
            }
        });
        flush.run();
        return looks.result();
    }

    /** Cumulative statistics per variant at the end of each day since the start (day 1 = the first 24 hours). */
    private List<List<ArmStats>> looks(ExperimentRecord e, PrimaryMetric metric, List<String> ids, int days,
                                       Instant end) {
        long[][] units = new long[days][ids.size()];
        double[][] sums = new double[days][ids.size()];
        double[][] squares = new double[days][ids.size()];
        long start = e.startedAt().toEpochMilli();
        double[] perDay = new double[days];
        String[] current = {null};
        int[] unitState = {-1, -1}; // variant index, first day
        boolean[] converted = {false};
        Runnable flush = () -> {
            if (current[0] == null || unitState[0] < 0) {
                return;
            }
            double cumulative = 0;
            for (int d = 0; d < days; d++) {
                cumulative += perDay[d];
                if (d >= unitState[1]) {
                    int v = unitState[0];
                    units[d][v]++;
                    sums[d][v] += cumulative;
                    squares[d][v] += cumulative * cumulative;
                }
            }
        };
        repository.outcomes(e.shopId(), e.id(), metric.eventType, metric.recommendedOnly, end, o -> {
            if (!o.unitId().equals(current[0])) {
                flush.run();
                current[0] = o.unitId();
                java.util.Arrays.fill(perDay, 0);
                converted[0] = false;
                unitState[0] = ids.indexOf(o.variantId());
                unitState[1] = day(start, o.firstAt(), days);
            }
            if (o.outcomeAt() != null) {
                int d = day(start, o.outcomeAt(), days);
                if (metric.metric == Metric.CONVERSION) {
                    // Rows come in time order per unit: a unit converts once, on the day of its first conversion.
                    if (!converted[0]) {
                        perDay[d] = 1;
                        converted[0] = true;
                    }
                } else {
                    perDay[d] += o.value();
                }
            }
        });
        flush.run();
        List<List<ArmStats>> looks = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            List<ArmStats> look = new ArrayList<>();
            for (int v = 0; v < ids.size(); v++) {
                look.add(new ArmStats(units[d][v], sums[d][v], squares[d][v]));
            }
            looks.add(look);
        }
        return looks;
    }

    private static int day(long start, Instant at, int days) {
        long d = Math.floorDiv(at.toEpochMilli() - start, DAY.toMillis());
        return (int) Math.max(0, Math.min(days - 1, d));
    }

    private ExperimentRecord require(String shop, String id) {
        return repository.find(shop, id).orElseThrow(() -> ServiceException.notFound("shop '" + shop
                + "' has no experiment '" + id + "'"));
    }

    private static String key(String shop, String kind) {
        return shop + "\u0000" + kind;
    }

    private static double[] weights(JsonArray variants) {
        double[] w = new double[variants.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = variants.getJsonObject(i).getDouble("weight");
        }
        return w;
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    static JsonObject toJson(ExperimentRecord e) {
        return new JsonObject().put("id", e.id()).put("shop", e.shopId()).put("name", e.name()).put("kind", e.kind())
                .put("unit", e.unit()).put("primary_metric", e.primaryMetric()).put("mde", e.mde())
                .put("max_days", e.maxDays()).put("variants", new JsonArray(e.variantsJson())).put("status", e.status())
                .put("created_at", e.createdAt().toString())
                .put("started_at", e.startedAt() == null ? null : e.startedAt().toString())
                .put("stopped_at", e.stoppedAt() == null ? null : e.stoppedAt().toString())
                .put("shipped_variant", e.shippedVariant()).put("created_by", e.actor());
    }

    /** The variants of an experiment of {@code kind} (null: the kind itself is invalid, check what can be). */
    private JsonArray variants(StrategyKind kind, Object raw, List<ServiceException.FieldError> errors) {
        JsonArray out = new JsonArray();
        if (!(raw instanceof JsonArray array)) {
            errors.add(new ServiceException.FieldError("variants", raw == null ? "is required"
                    : "must be an array of {id, strategy, config, weight}"));
            return out;
        }
        if (array.size() < 2 || array.size() > MAX_VARIANTS) {
            errors.add(new ServiceException.FieldError("variants", "must hold 2 to " + MAX_VARIANTS
                    + " variants (control first), got " + array.size()));
            return out;
        }
        Set<String> seenIds = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "variants[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject v)) {
                errors.add(new ServiceException.FieldError(at, "must be an object {id, strategy, config, weight}"));
                continue;
            }
            for (String f : v.fieldNames()) {
                if (!VARIANT_REQUEST.propertyNames().contains(f)) {
                    errors.add(new ServiceException.FieldError(at + "." + f, "unknown field; a variant has id, "
                            + "strategy, config and weight"));
                }
            }
            Object idValue = v.getValue("id");
            if (!(idValue instanceof String vid) || !VARIANT_ID.matcher(vid).matches()) {
                errors.add(new ServiceException.FieldError(at + ".id", idValue == null ? "is required"
                        : "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"));
            } else if (!seenIds.add(vid)) {
                errors.add(new ServiceException.FieldError(at + ".id", "'" + vid + "' is used by another variant"));
            }
            Object strategyValue = v.getValue("strategy");
            Object configValue = v.getValue("config");
            JsonObject config = configValue == null ? new JsonObject() : configValue instanceof JsonObject c ? c : null;
            if (config == null) {
                errors.add(new ServiceException.FieldError(at + ".config", "must be a JSON object of config keys"));
            }
            if (!(strategyValue instanceof String sid) || sid.isBlank()) {
                errors.add(new ServiceException.FieldError(at + ".strategy", strategyValue == null ? "is required"
                        : "must be a strategy id string"));
            } else if (sid.equals(LIST_PRICE) && kind != StrategyKind.RECOMMENDER) {
                if (kind == StrategyKind.PRICING && config != null && !config.isEmpty()) {
                    errors.add(new ServiceException.FieldError(at + ".config", "list-price charges the product's list"
                            + " price and takes no config"));
                }
            } else {
                Optional<LoadedStrategy> strategy = catalog.find(sid);
                if (strategy.isEmpty()) {
                    errors.add(new ServiceException.FieldError(at + ".strategy", sid.equals(LIST_PRICE)
                            ? "list-price is the control of pricing experiments, not a recommender"
                            : "no installed strategy '" + sid + "'"));
                } else if (kind != null && strategy.get().descriptor().kind() != kind) {
                    errors.add(new ServiceException.FieldError(at + ".strategy", "'" + sid + "' is a "
                            + strategy.get().descriptor().kind().wireName() + ", not a " + (kind == StrategyKind.PRICING
                            ? "pricing agent (or list-price)" : kind.wireName())));
                } else if (config != null) {
                    for (ServiceException.FieldError c : bindings.validate(strategy.get(), config)) {
                        errors.add(new ServiceException.FieldError(at + ".config." + c.key(), c.message()));
                    }
                }
            }
            Object weightValue = v.getValue("weight");
            double weight = 1;
            if (weightValue != null) {
                if (!(weightValue instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())
                        || n.doubleValue() > 1e6) {
                    errors.add(new ServiceException.FieldError(at + ".weight", "must be a positive number up to "
                            + "1,000,000"));
                } else {
                    weight = n.doubleValue();
                }
            }
            out.add(new JsonObject().put("id", idValue).put("strategy", strategyValue)
                    .put("config", config == null ? new JsonObject() : config).put("weight", weight));
        }
        return out;
    }

    private static String text(JsonObject body, String key, boolean required, int max,
                               List<ServiceException.FieldError> errors) {
        Object v = body.getValue(key);
        if (v == null) {
            if (required) {
                errors.add(new ServiceException.FieldError(key, "is required"));
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > max) {
            errors.add(new ServiceException.FieldError(key, "must be a non-blank string of at most " + max
                    + " characters"));
            return null;
        }
        return s;
    }

    private static int integer(JsonObject body, String key, int def, int min, int max,
                               List<ServiceException.FieldError> errors) {
        Object v = body.getValue(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min
                || n.longValue() > max) {
            errors.add(new ServiceException.FieldError(key, "must be a whole number from " + min + " to " + max));
            return def;
        }
        return n.intValue();
    }

    private static double number(JsonObject body, String key, double def, double min, double max,
                                 List<ServiceException.FieldError> errors) {
        Object v = body.getValue(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            errors.add(new ServiceException.FieldError(key, "must be a number from " + min + " to " + max));
            return def;
        }
        return n.doubleValue();
    }
}
