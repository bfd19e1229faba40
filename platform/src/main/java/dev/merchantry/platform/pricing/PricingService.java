package dev.merchantry.platform.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.DemandEstimate;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.platform.experiments.ExperimentAssignments;
import dev.merchantry.platform.experiments.ExperimentService;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.storage.PricingDecisionRecord;
import dev.merchantry.platform.storage.PricingRepository;
import dev.merchantry.platform.storage.PricingState;
import dev.merchantry.platform.storage.Product;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.ConfigFingerprint;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyContexts;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Runs a shop's pricing agent for its products. Each product has exactly one agent state in the database, created
 * once (insert-if-absent) and replaced only by compare-and-set together with the outcome that changed it, so any
 * node of a cluster may decide or learn for any product without losing an update. Decisions in {@code auto} mode
 * take effect at once (the catalog price changes, {@code merchantry.price.changed} is published); in
 * {@code suggest} mode they wait for approval. Outcomes come from the API or, once a decision's period has ended,
 * from the shop's {@code Order Completed} lines at the decided price. A new agent state starts from the product's
 * recent days at list price ({@link ListPriceHistory}), which the agent turns into its prior.
 *
 * <p>While a pricing experiment runs, a product is priced by its variant ({@link ExperimentAssignments}: a stable
 * hash of the product): the variant's agent with the variant's config — the product's state is started again when it
 * was another agent's or another config's, as after a binding change — or, for the reserved
 * {@link ExperimentService#LIST_PRICE list-price} variant, the product's list price, decided and recorded like any
 * price but learned by no agent. Decisions then carry {@code experiment_id} and {@code variant_id}.
 */
public final class PricingService {

    /** Longest a decision or an outcome may take (plugin code, database and the agent's forecast request). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How long a decided price counts for automatic attribution: one day (the demand views' period). */
    public static final Duration PERIOD = Duration.ofDays(1);
    static final String AUTO = "auto";
    static final String SUGGEST = "suggest";
    private static final int MAX_ATTEMPTS = 50;

    /** {@code merchantry.price}'s body (REST: the optional body of {@code POST …/pricing/{product}/decide}). */
    public static final Schema DECIDE_REQUEST = Schema.object("DecideRequest")
            .doc("overrides of the catalog's values for this decision")
            .required("shop", Schema.string())
            .required("product_id", Schema.string())
            .optional("list_price", Schema.number().exclusiveMin(0))
            .optional("cost", Schema.number().min(0))
            .optional("current_price", Schema.number().exclusiveMin(0))
            .optional("on_hand", Schema.integer().min(0).doc("whole units"));
    /** A pricing decision, as every pricing route and {@code merchantry.price} answer it. */
    public static final Schema DECISION = Schema.object("PriceDecision")
            .required("decision_id", Schema.string())
            .required("product_id", Schema.string())
            .required("strategy", Schema.string())
            .required("price", Schema.number())
            .required("previous_price", Schema.number().nullable())
            .required("exploring", Schema.bool())
            .required("explanation", Schema.string())
            .required("expected_units", Schema.number().nullable())
            .required("expected_revenue", Schema.number().nullable())
            .required("expected_profit", Schema.number().nullable())
            .required("mode", Schema.enumOf("auto", "suggest"))
            .required("status", Schema.string().doc("pending, active, observed, rejected …"))
            .required("decided_at", Schema.dateTime())
            .required("period_start", Schema.dateTime().nullable())
            .required("period_end", Schema.dateTime().nullable())
            .required("outcome", Schema.object()
                    .required("units", Schema.number())
                    .required("revenue", Schema.number().nullable())
                    .required("source", Schema.string().nullable().doc("api or events"))
                    .required("at", Schema.dateTime().nullable()).nullable())
            .optional("applied", Schema.bool().doc("whether the price was written to the catalog (decide, approve)"))
            .optional("experiment_id", Schema.string().doc("decide: the running pricing experiment the product is in"))
            .optional("variant_id", Schema.string().doc("decide: the experiment's variant that priced the product"));
    /** {@code POST …/pricing/{product}/outcome}'s body. */
    public static final Schema OUTCOME_REQUEST = Schema.object()
            .required("decision_id", Schema.string())
            .required("units", Schema.number().min(0))
            .optional("revenue", Schema.number().min(0).doc("default: price × units"));
    private static final Set<String> DECIDE_FIELDS = DECIDE_REQUEST.propertyNames();
    private static final Set<String> OUTCOME_FIELDS = OUTCOME_REQUEST.propertyNames();
    /** {@code merchantry.price.changed}: a decided price took effect. */
    public static final Schema PRICE_CHANGED = Schema.object()
            .required("shop", Schema.string())
            .required("product_id", Schema.string())
            .required("price", Schema.number())
            .required("previous_price", Schema.number().nullable())
            .required("decision_id", Schema.string())
            .required("strategy", Schema.string())
            .required("mode", Schema.enumOf("auto", "suggest"))
            .required("at", Schema.dateTime());
    /** What an outcome report answers. */
    public static final Schema OUTCOME = Schema.object()
            .required("decision_id", Schema.string())
            .required("product_id", Schema.string())
            .required("status", Schema.string())
            .required("price", Schema.number())
            .required("units", Schema.number())
            .required("revenue", Schema.number())
            .required("source", Schema.string())
            .required("state_version", Schema.integer().nullable().doc("null for a list-price decision: no agent"
                    + " learns from it"))
            .required("observations", Schema.integer().nullable());
    /** Decisions awaiting approval. */
    public static final Schema SUGGESTIONS = Schema.object()
            .required("suggestions", Schema.array(DECISION));
    /** A product's pricing agent. */
    public static final Schema AGENT = Schema.object()
            .required("product_id", Schema.string())
            .required("strategy", Schema.string())
            .required("current_price", Schema.number().nullable())
            .required("list_price", Schema.number())
            .required("state_version", Schema.integer())
            .required("observations", Schema.integer())
            .required("started_at", Schema.dateTime())
            .required("updated_at", Schema.dateTime())
            .required("metrics", Schema.map(Schema.number().nullable()).doc("the agent's own figures"))
            .required("demand_curve", Schema.array(Schema.object()
                    .required("price", Schema.number())
                    .required("mean_units", Schema.number().nullable())
                    .required("lower_units", Schema.number().nullable())
                    .required("upper_units", Schema.number().nullable())
                    .required("observations", Schema.integer())
                    .required("expected_revenue", Schema.number().nullable())
                    .required("expected_profit", Schema.number().nullable())))
            .required("history", Schema.array(DECISION));
    private static final Logger LOG = LoggerFactory.getLogger(PricingService.class);

    private final Vertx vertx;
    private final PricingRepository repository;
    private final Database database;
    private final BindingService bindings;
    private final StrategyCatalog catalog;
    private final StrategyInvoker invoker;
    private final StrategyContexts contexts;
    private final CatalogService catalogService;
    private final ExperimentAssignments experiments;
    private final Clock clock;

    public PricingService(Vertx vertx, Database database, BindingService bindings, StrategyCatalog catalog,
                          StrategyInvoker invoker, StrategyContexts contexts, CatalogService catalogService,
                          Clock clock) {
        this(vertx, database, bindings, catalog, invoker, contexts, catalogService, ExperimentAssignments.NONE, clock);
    }

    /** With {@code experiments}: the products of a running pricing experiment are priced by their variant. */
    public PricingService(Vertx vertx, Database database, BindingService bindings, StrategyCatalog catalog,
                          StrategyInvoker invoker, StrategyContexts contexts, CatalogService catalogService,
                          ExperimentAssignments experiments, Clock clock) {
        this.experiments = experiments;
        this.vertx = vertx;
        this.database = database;
        this.repository = database.pricing();
        this.bindings = bindings;
        this.catalog = catalog;
        this.invoker = invoker;
        this.contexts = contexts;
        this.catalogService = catalogService;
        this.clock = clock;
        vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS_INGESTED, msg -> attributeEnded(msg.body()));
    }

    /** Values the caller may give instead of (or before) the catalog's. */
    private record Overrides(Double listPrice, Double cost, Double currentPrice, Long onHand) {
    }

    /** Who prices a product: the shop's binding, or an experiment's variant (then tagged with its ids). */
    private record Plan(String strategyId, String configJson, String experimentId, String variantId) {
        static Plan of(Binding b) {
            return new Plan(b.strategyId(), b.configJson(), null, null);
        }

        static Plan of(ExperimentAssignments.Assignment a) {
            return new Plan(a.strategyId(), a.config().encode(), a.experimentId(), a.variantId());
        }

        String mode() {
            return SUGGEST.equals(new JsonObject(configJson).getValue("mode")) ? SUGGEST : AUTO;
        }

        JsonObject tag(JsonObject decision) {
            return experimentId == null ? decision
                    : decision.put("experiment_id", experimentId).put("variant_id", variantId);
        }
    }

    // ---- decide ---------------------------------------------------------------------------------------------------

    /**
     * {@code {shop, product_id, list_price?, cost?, current_price?, on_hand?}} → the decision: {@code {decision_id,
     * price, strategy, explanation, exploring, expected_units, expected_revenue, expected_profit, mode, status, …}}.
     */
    public Future<JsonObject> decide(JsonObject request) {
        return decideAt(request, null);
    }

    /**
     * {@link #decide} as of a past moment {@code at} (null: now): the decision is dated {@code at} and its period
     * starts then, as if the request had come at that moment. For replaying a shop's history in time order — the demo
     * shop's generated history, whose simulated customers answer the prices decided, so the agent learns from them
     * through the usual attribution of the orders ingested after each period.
     */
    public Future<JsonObject> decideAt(JsonObject request, Instant at) {
        String shop = Fields.requireString(request, "shop");
        String product = Fields.requireString(request, "product_id");
        Overrides overrides = parseOverrides(request);
        // In an experiment, a product that cannot be priced is refused before it is assigned, so it never counts;
        // outside one the binding is checked first (409 before 404, as the contract says).
        return experiments.assigning(shop, StrategyKind.PRICING)
                .compose(active -> !active ? Future.succeededFuture(Optional.<ExperimentAssignments.Assignment>empty())
                        : vertx.executeBlocking(() -> requirePriceable(shop, product, overrides), false)
                                .compose(v -> experiments.assign(shop, StrategyKind.PRICING, product)))
                .compose(assigned -> assigned.isPresent() ? Future.succeededFuture(Plan.of(assigned.get()))
                        : enabledBinding(shop).map(Plan::of))
                .compose(plan -> {
                    if (ExperimentService.LIST_PRICE.equals(plan.strategyId())) {
                        return vertx.executeBlocking(() -> decideListPrice(shop, product, overrides, plan,
                                at == null ? clock.instant() : at), false);
                    }
                    LoadedStrategy strategy = pricingStrategy(plan.strategyId());
                    return invoker.call(strategy.classLoader(), CALL_TIMEOUT, "pricing agent '" + plan.strategyId()
                            + "'", () -> decideBlocking(shop, product, overrides, plan, strategy,
                            at == null ? clock.instant() : at));
                }).map(decided -> {
            if (decided.getBoolean("applied", false)) {
                publishChange(shop, decided);
            }
            return decided;
        });
    }

    /** Checks a decide request's fields (400 naming every bad one) without deciding. */
    public void validateDecide(JsonObject request) {
        Fields.requireString(request, "shop");
        Fields.requireString(request, "product_id");
        parseOverrides(request);
    }

    private static Overrides parseOverrides(JsonObject request) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String field : request.fieldNames()) {
            if (!DECIDE_FIELDS.contains(field)) {
                errors.add(new ServiceException.FieldError(field, "unknown field; a decide request may have list_price, "
                        + "cost, current_price and on_hand"));
            }
        }
        Double list = Fields.number(request, "list_price", false, true, errors);
        Double cost = Fields.number(request, "cost", false, false, errors);
        Double current = Fields.number(request, "current_price", false, true, errors);
        Double onHand = Fields.number(request, "on_hand", false, false, errors);
        if (onHand != null && onHand != Math.rint(onHand)) {
            errors.add(new ServiceException.FieldError("on_hand", "must be a whole number of units"));
        }
        Fields.throwIfAny("the decide request", errors);
        return new Overrides(list, cost, current, onHand == null ? null : onHand.longValue());
    }

    /** 404 for an unknown product, 400 (list_price) for one without a price, unless the request or a state has one. */
    private Void requirePriceable(String shop, String productId, Overrides o) {
        if (o.listPrice() != null) {
            return null;
        }
        Product product = database.catalog().find(shop, productId).orElse(null);
        if (product != null && product.price() != null && product.price() > 0
                || repository.state(shop, productId).isPresent()) {
            return null;
        }
        throw noListPrice(shop, productId, product);
    }

    private static ServiceException noListPrice(String shop, String productId, Product product) {
        return product == null
                ? ServiceException.notFound("shop '" + shop + "' has no product '" + productId + "'; add it with "
                        + "PUT /api/v1/shops/" + shop + "/products or give list_price")
                : ServiceException.field("list_price", "is required: product '" + productId
                        + "' has no price in the catalog");
    }

    /**
     * The list-price variant of a pricing experiment: the product's list price (the request's, else the one its agent
     * state started from, else the catalog's), recorded as a decision of {@code list-price} that takes effect at once
     * and whose outcome no agent learns.
     */
    private JsonObject decideListPrice(String shop, String productId, Overrides o, Plan plan, Instant now) {
        Product product = database.catalog().find(shop, productId).orElse(null);
        Optional<PricingState> state = repository.state(shop, productId);
        double list = o.listPrice() != null ? o.listPrice()
                : state.isPresent() ? state.get().listPrice()
                : product != null && product.price() != null && product.price() > 0 ? product.price() : Double.NaN;
        if (!Double.isFinite(list)) {
            throw noListPrice(shop, productId, product);
        }
        double current = o.currentPrice() != null ? o.currentPrice()
                : product != null && product.price() != null && product.price() > 0 ? product.price()
                : lastPrice(shop, productId).orElse(list);
                PricingDecisionRecord record = new PricingDecisionRecord(UUID.randomUUID().toString(), shop, productId,
                ExperimentService.LIST_PRICE, list, current, false, "list price: the control (variant "
                + plan.variantId() + ") of experiment " + plan.experimentId(), null, null, null, AUTO,
                PricingDecisionRecord.ACTIVE, now, now, now.plus(PERIOD), null, null, null, null, null);
        addDecision(record, product != null);
        return plan.tag(toJson(record).put("applied", applyToCatalog(shop, product, list)));
    }

    private JsonObject decideBlocking(String shop, String productId, Overrides o, Plan plan,
                                      LoadedStrategy strategy, Instant now) {
        PricingAgent agent = (PricingAgent) strategy.strategy();
        StrategyContext context = contexts.create(shop, plan.strategyId());
        Product product = database.catalog().find(shop, productId).orElse(null);
        double cost = o.cost() != null ? o.cost() : product != null && product.cost() != null ? product.cost() : Double.NaN;
        long onHand = o.onHand() != null ? o.onHand() : product != null && product.onHand() != null ? product.onHand() : -1;
        String currency = product == null ? null : product.currency();
        PricingState state = ensureState(shop, productId, o, product, plan, agent, context, cost, onHand, currency,
                now);
        double current = o.currentPrice() != null ? o.currentPrice()
                : product != null && product.price() != null && product.price() > 0 ? product.price()
                : lastPrice(shop, productId).orElse(state.listPrice());
        PricingModel model = agent.load(new SerializedModel(state.strategyId(), state.formatVersion(), state.bytes()));
        PricingContext situation = new PricingContext(productId, state.listPrice(), cost, current, onHand, currency,
                List.of());
        PriceDecision d = model.decide(situation, new SplittableRandom(), context);
        String mode = plan.mode();
        boolean auto = AUTO.equals(mode);
        PricingDecisionRecord record = new PricingDecisionRecord(UUID.randomUUID().toString(), shop, productId,
                plan.strategyId(), d.price(), current, d.exploring(), truncate(d.explanation(), 2000),
                finiteOrNull(d.expectedUnits()), finiteOrNull(d.expectedRevenue()), finiteOrNull(d.expectedProfit()),
                mode, auto ? PricingDecisionRecord.ACTIVE : PricingDecisionRecord.PENDING, now, auto ? now : null,
                auto ? now.plus(PERIOD) : null, null, null, null, null,
                fingerprint(plan.strategyId(), plan.configJson()));
        addDecision(record, auto && product != null);
        boolean applied = auto && applyToCatalog(shop, product, d.price());
        return plan.tag(toJson(record).put("applied", applied));
    }

    /**
     * The product's agent state, started (once, whoever wins) when missing or when its agent or config changed (a
     * binding change, or the product's experiment variant).
     */
    private PricingState ensureState(String shop, String productId, Overrides o, Product product, Plan plan,
                                     PricingAgent agent, StrategyContext context, double cost, long onHand,
                                     String currency, Instant now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<PricingState> existing = repository.state(shop, productId);
            boolean sameAgent = existing.isPresent() && existing.get().strategyId().equals(plan.strategyId())
                    && new JsonObject(existing.get().configJson()).equals(new JsonObject(plan.configJson()));
            if (sameAgent && listPriceAgrees(existing.get(), o)) {
                return existing.get();
            }
            double list = o.listPrice() != null ? o.listPrice()
                    : existing.isPresent() ? existing.get().listPrice()
                    : product != null && product.price() != null && product.price() > 0 ? product.price() : Double.NaN;
            if (!Double.isFinite(list)) {
                throw noListPrice(shop, productId, product);
            }
            // The product switches agent or config: what the new one learned from this product before (it priced the
            // product before an experiment, or in an earlier one) resumes; the state it replaces is parked likewise.
            // A new list price (the request's, differing from the state's) starts the same agent afresh: its grid of
            // candidate prices is built around the list price.
            String nextHash = fingerprint(plan.strategyId(), plan.configJson());
            String existingHash = existing.map(e -> fingerprint(e.strategyId(), e.configJson())).orElse(null);
            boolean park = !sameAgent && nextHash != null && existingHash != null;
            Optional<PricingState> parked = park
                    ? repository.parkedState(shop, productId, plan.strategyId(), nextHash)
                            .filter(p -> listPriceAgrees(p, o)) : Optional.empty();
            long version = existing.map(s -> s.version() + 1).orElse(1L);
            PricingState next;
            if (parked.isPresent()) {
                PricingState p = parked.get();
                next = new PricingState(shop, productId, plan.strategyId(), plan.configJson(), p.listPrice(),
                        p.formatVersion(), p.bytes(), version, p.observations(), p.createdAt(), now);
            } else {
                Config config = agent.descriptor().configSpec().parse(BindingService.toMap(new JsonObject(plan.configJson())));
                double current = o.currentPrice() != null ? o.currentPrice() : list;
                PricingModel started = agent.start(new PricingContext(productId, list, cost, current, onHand, currency,
                        listPriceHistory(shop, productId, list, now)), config, context);
                SerializedModel bytes = started.serialize();
                next = new PricingState(shop, productId, plan.strategyId(), plan.configJson(), list,
                        bytes.formatVersion(), bytes.bytes(), version, 0, now, now);
            }
            boolean stored = existing.isEmpty() ? repository.createState(next)
                    : park ? repository.switchState(next, nextHash, existing.get().version(), existing.get(), existingHash)
                    : repository.replaceState(next, existing.get().version());
            if (stored) {
                return next;
            }
        }
        throw ServiceException.unavailable("the pricing state of product '" + productId + "' kept changing; retry");
    }

    /** Whether {@code state} was started from the request's list price (to the cent), or the request gives none. */
    private static boolean listPriceAgrees(PricingState state, Overrides o) {
        return o.listPrice() == null || Math.round(state.listPrice() * 100) == Math.round(o.listPrice() * 100);
    }

    /**
     * The key parked states and decisions file an agent's config under: its {@link ConfigFingerprint} (defaults filled
     * in, keys sorted, so two spellings of one config are one key); null when the agent is not loaded on this node or
     * no longer accepts the config — such a state is replaced rather than parked, and learns outcomes as before.
     */
    private String fingerprint(String strategyId, String configJson) {
        try {
            return ConfigFingerprint.of(pricingStrategy(strategyId), new JsonObject(configJson));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The product's last {@link ListPriceHistory#DAYS} days at {@code list}, for the agent's warm start. */
    private List<PriceObservation> listPriceHistory(String shop, String productId, double list, Instant now) {
        Instant from = now.minus(Duration.ofDays(ListPriceHistory.DAYS + 1));
        List<PriceObservation> sales = database.views().priceHistory(shop, productId, now).stream()
                .filter(o -> !o.periodStart().isBefore(from)).toList();
        return ListPriceHistory.of(database.views().dailyDemand(shop, productId, now, ListPriceHistory.DAYS), sales,
                repository.decisions(shop, productId, 4 * ListPriceHistory.DAYS), list);
    }

    private Optional<Double> lastPrice(String shop, String productId) {
        return repository.decisions(shop, productId, 20).stream()
                .filter(d -> PricingDecisionRecord.ACTIVE.equals(d.status())
                        || PricingDecisionRecord.OBSERVED.equals(d.status()))
                .map(PricingDecisionRecord::price).findFirst();
    }

    /**
     * Gives every product whose live price is still an agent's its list price back (the list price won an
     * experiment, {@code why}): for each product of the shop whose catalog price is the price of its latest decision
     * in effect, made by an agent, a {@code list-price} decision of its list price (the one its agent state started
     * from) takes effect at once — catalog, {@code merchantry.price.changed}, and the end of the agent's period. A
     * price the merchant set since is left alone. Answers how many products it priced.
     */
    public Future<Integer> restoreListPrices(String shop, String why) {
        return vertx.executeBlocking(() -> {
            int restored = 0;
            String after = null;
            while (true) {
                List<Product> page = database.catalog().list(shop, null, after, 500);
                for (Product p : page) {
                    if (restoreListPrice(shop, p, why)) {
                        restored++;
                    }
                }
                if (page.size() < 500) {
                    break;
                }
                after = page.get(page.size() - 1).productId();
            }
            if (restored > 0) {
                LOG.info("shop {}: list prices restored on {} products ({})", shop, restored, why);
            }
            return restored;
        }, false);
    }

    private boolean restoreListPrice(String shop, Product product, String why) {
        Optional<PricingState> state = repository.state(shop, product.productId());
        if (state.isEmpty() || product.price() == null) {
            return false;
        }
        Optional<PricingDecisionRecord> live = repository.decisions(shop, product.productId(), 20).stream()
                .filter(d -> PricingDecisionRecord.ACTIVE.equals(d.status())
                        || PricingDecisionRecord.OBSERVED.equals(d.status()))
                .findFirst();
        double list = state.get().listPrice();
        if (live.isEmpty() || ExperimentService.LIST_PRICE.equals(live.get().strategyId())
                || Math.abs(live.get().price() - product.price()) >= 0.005
                || Math.abs(list - product.price()) < 0.005) {
            return false;
        }
        Instant now = clock.instant();
        PricingDecisionRecord record = new PricingDecisionRecord(UUID.randomUUID().toString(), shop,
                product.productId(), ExperimentService.LIST_PRICE, list, product.price(), false,
                "list price restored: " + why, null, null, null, AUTO, PricingDecisionRecord.ACTIVE, now, now,
                now.plus(PERIOD), null, null, null, null, null);
        addDecision(record, true);
        applyToCatalog(shop, product, list);
        publishChange(shop, toJson(record));
        return true;
    }

    /** Sets the catalog price through the catalog service (so availability caches hear of it); false if unknown. */
    private boolean applyToCatalog(String shop, Product product, double price) {
        if (product == null) {
            return false;
        }
        if (product.price() == null || Math.abs(product.price() - price) >= 0.005) {
            catalogService.upsertProductsBlocking(shop, List.of(new JsonObject().put("product_id", product.productId())
                    .put("price", price)));
        }
        return true;
    }

    private void publishChange(String shop, JsonObject decision) {
        vertx.eventBus().publish(Addresses.PRICE_CHANGED, priceChanged(shop, decision).body());
    }

    /** The {@code merchantry.price.changed} notice of a decision whose price takes effect now. */
    private Notices.Notice priceChanged(String shop, JsonObject decision) {
        return new Notices.Notice(Addresses.PRICE_CHANGED, shop, new JsonObject().put("shop", shop)
                .put("product_id", decision.getString("product_id")).put("price", decision.getDouble("price"))
                .put("previous_price", decision.getValue("previous_price"))
                .put("decision_id", decision.getString("decision_id")).put("strategy", decision.getString("strategy"))
                .put("mode", decision.getString("mode")).put("at", clock.instant().toString()));
    }

    /**
     * Stores a decision; one whose price takes effect at once ({@code takesEffect}) stores its
     * {@code merchantry.price.changed} notice with it.
     */
    private void addDecision(PricingDecisionRecord record, boolean takesEffect) {
        List<Notices.Notice> notices = takesEffect ? List.of(priceChanged(record.shopId(), toJson(record)))
                : List.of();
        Notices.withChange(stored -> notices, () -> {
            repository.addDecision(record);
            return null;
        });
    }

    // ---- outcomes -------------------------------------------------------------------------------------------------

    /** {@code {decision_id, units, revenue?}} for a product's active decision → the learned outcome. */
    public Future<JsonObject> outcome(String shop, String productId, JsonObject body) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String field : body.fieldNames()) {
            if (!OUTCOME_FIELDS.contains(field)) {
                errors.add(new ServiceException.FieldError(field, "unknown field; an outcome has decision_id, units and revenue"));
            }
        }
        String decisionId = Fields.string(body, "decision_id", errors);
        Double units = Fields.number(body, "units", true, false, errors);
        Double revenue = Fields.number(body, "revenue", false, false, errors);
        Fields.throwIfAny("the outcome", errors);
        return vertx.executeBlocking(() -> activeDecision(shop, productId, decisionId), false).compose(d -> {
            double taken = revenue != null ? revenue : d.price() * units;
            if (ExperimentService.LIST_PRICE.equals(d.strategyId())) {
                return vertx.executeBlocking(() -> observeListPrice(shop, d, units, taken, "api"), false);
            }
            LoadedStrategy strategy = stateStrategy(shop, productId);
            return invoker.call(strategy.classLoader(), CALL_TIMEOUT, "pricing agent '" + strategy.descriptor().id() + "'",
                    () -> learn(shop, d, units, taken, "api"));
        });
    }

    private PricingDecisionRecord activeDecision(String shop, String productId, String decisionId) {
        PricingDecisionRecord d = repository.decision(shop, decisionId).filter(x -> x.productId().equals(productId))
                .orElseThrow(() -> ServiceException.notFound("product '" + productId + "' of shop '" + shop
                        + "' has no pricing decision '" + decisionId + "'"));
        switch (d.status()) {
            case PricingDecisionRecord.ACTIVE -> {
                return d;
            }
            case PricingDecisionRecord.OBSERVED -> throw ServiceException.conflict("decision '" + decisionId
                    + "' already has an outcome (" + d.units() + " units, from " + d.outcomeSource()
                    + "); outcomes are learned once");
            case PricingDecisionRecord.PENDING -> throw ServiceException.conflict("decision '" + decisionId
                    + "' is a suggestion awaiting approval; its price was never charged");
            default -> throw ServiceException.conflict("decision '" + decisionId + "' was " + d.status()
                    + "; its price was never charged");
        }
    }

    private LoadedStrategy stateStrategy(String shop, String productId) {
        PricingState state = repository.state(shop, productId).orElseThrow(() -> ServiceException.conflict(
                "product '" + productId + "' has no pricing agent state"));
        return pricingStrategy(state.strategyId());
    }

    /** Records the outcome of a list-price decision: kept with the decision, learned by no agent. */
    private JsonObject observeListPrice(String shop, PricingDecisionRecord d, double units, double revenue,
                                        String source) {
        if (!repository.observe(shop, d.id(), units, revenue, source, clock.instant())) {
            throw ServiceException.conflict("decision '" + d.id() + "' already has an outcome; outcomes are"
                    + " learned once");
        }
        return new JsonObject().put("decision_id", d.id()).put("product_id", d.productId())
                .put("status", PricingDecisionRecord.OBSERVED).put("price", d.price()).put("units", units)
                .put("revenue", revenue).put("source", source).put("state_version", (Long) null)
                .put("observations", (Long) null);
    }

    /**
     * Learns one outcome: re-read, observe, compare-and-set, until it lands or the decision is taken. The agent that
     * made the decision learns it: the product's live state, or — when the product switched agent or config since —
     * that agent's parked state.
     */
    private JsonObject learn(String shop, PricingDecisionRecord d, double units, double revenue, String source) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            PricingState state = repository.state(shop, d.productId()).orElseThrow(() -> ServiceException.conflict(
                    "product '" + d.productId() + "' has no pricing agent state"));
            boolean live = d.configHash() == null || (state.strategyId().equals(d.strategyId())
                    && d.configHash().equals(fingerprint(state.strategyId(), state.configJson())));
            Optional<PricingState> parked = live ? Optional.empty()
                    : repository.parkedState(shop, d.productId(), d.strategyId(), d.configHash());
            if (parked.isPresent()) {
                state = parked.get();
            }
            PricingAgent agent = (PricingAgent) pricingStrategy(state.strategyId()).strategy();
            PricingModel model = agent.load(new SerializedModel(state.strategyId(), state.formatVersion(), state.bytes()));
            SerializedModel next = model.observe(new PricingOutcome(d.price(), units, revenue)).serialize();
            Instant now = clock.instant();
            PricingState updated = new PricingState(shop, d.productId(), state.strategyId(), state.configJson(),
                    state.listPrice(), next.formatVersion(), next.bytes(), state.version() + 1,
                    state.observations() + 1, state.createdAt(), now);
            PricingRepository.OutcomeResult result = parked.isPresent()
                    ? repository.recordParkedOutcome(shop, d.id(), units, revenue, source, now, updated,
                            d.configHash(), state.version())
                    : repository.recordOutcome(shop, d.id(), units, revenue, source, now, updated, state.version());
            switch (result) {
                case STORED -> {
                    return new JsonObject().put("decision_id", d.id()).put("product_id", d.productId())
                            .put("status", PricingDecisionRecord.OBSERVED).put("price", d.price()).put("units", units)
                            .put("revenue", revenue).put("source", source).put("state_version", updated.version())
                            .put("observations", updated.observations());
                }
                case DECISION_NOT_ACTIVE -> throw ServiceException.conflict("decision '" + d.id()
                        + "' already has an outcome; outcomes are learned once");
                case STATE_CHANGED -> {
                    // another outcome for this product landed first: learn on top of it
                }
            }
        }
        throw ServiceException.unavailable("the pricing state of product '" + d.productId() + "' kept changing; retry");
    }

    /**
     * On {@code merchantry.events.ingested} with orders: every active decision of the shop whose period ended by the
     * batch's latest event learns the Order Completed units sold at its price during its period (zero included: the
     * shop's event stream has passed the period). Every node hears the notice; the compare-and-set on the decision
     * lets exactly one of them record each outcome.
     */
    private void attributeEnded(JsonObject notice) {
        String shop = notice.getString("shop");
        JsonObject types = notice.getJsonObject("types");
        String to = notice.getString("to");
        if (shop == null || to == null || types == null || !types.containsKey("Order Completed")) {
            return;
        }
        Instant asOf = Instant.parse(to);
        vertx.executeBlocking(() -> repository.endedActive(shop, asOf, 1000), false).onSuccess(ended -> {
            for (PricingDecisionRecord d : ended) {
                if (ExperimentService.LIST_PRICE.equals(d.strategyId())) {
                    vertx.executeBlocking(() -> {
                        double[] sales = repository.salesAt(shop, d.productId(), d.periodStart(), d.periodEnd(),
                                d.price());
                        return observeListPrice(shop, d, sales[0], sales[1], "events");
                    }, false).onFailure(e -> {
                        if (!(e instanceof ServiceException known && known.kind() == ServiceException.Kind.CONFLICT)) {
                            LOG.warn("attributing sales to list-price decision {} failed: {}", d.id(), e.getMessage());
                        }
                    });
                    continue;
                }
                LoadedStrategy strategy;
                try {
                    strategy = stateStrategy(shop, d.productId());
                } catch (RuntimeException e) {
                    LOG.warn("cannot attribute sales to pricing decision {}: {}", d.id(), e.getMessage());
                    continue;
                }
                invoker.call(strategy.classLoader(), CALL_TIMEOUT, "pricing attribution", () -> {
                    double[] sales = repository.salesAt(shop, d.productId(), d.periodStart(), d.periodEnd(), d.price());
                    return learn(shop, d, sales[0], sales[1], "events");
                }).onFailure(e -> {
                    if (!(e instanceof ServiceException known && known.kind() == ServiceException.Kind.CONFLICT)) {
                        LOG.warn("attributing sales to pricing decision {} failed: {}", d.id(), e.getMessage());
                    }
                });
            }
        }).onFailure(e -> LOG.warn("reading ended pricing periods of shop {} failed: {}", shop, e.getMessage()));
    }

    // ---- suggestions ----------------------------------------------------------------------------------------------

    public Future<JsonObject> suggestions(String shop, int limit) {
        return vertx.executeBlocking(() -> {
            JsonArray out = new JsonArray();
            repository.pending(shop, limit).forEach(d -> out.add(toJson(d)));
            return new JsonObject().put("suggestions", out);
        }, false);
    }

    /** Applies a pending suggestion: its price takes effect now (catalog, price.changed) and its period starts. */
    public Future<JsonObject> approve(String shop, String decisionId) {
        return vertx.executeBlocking(() -> {
            PricingDecisionRecord pending = pendingDecision(shop, decisionId);
            Instant now = clock.instant();
            Product product = database.catalog().find(shop, pending.productId()).orElse(null);
            List<Notices.Notice> notices = product == null ? List.of()
                    : List.of(priceChanged(shop, toJson(pending)));
            if (!Notices.withChange(activated -> activated ? notices : List.of(),
                    () -> repository.activate(shop, decisionId, now, now.plus(PERIOD)))) {
                throw ServiceException.conflict("decision '" + decisionId + "' is no longer pending");
            }
            PricingDecisionRecord d = repository.decision(shop, decisionId).orElseThrow();
            return toJson(d).put("applied", applyToCatalog(shop, product, d.price()));
        }, false).map(d -> {
            if (d.getBoolean("applied")) {
                publishChange(shop, d);
            }
            return d;
        });
    }

    public Future<JsonObject> reject(String shop, String decisionId) {
        return vertx.executeBlocking(() -> {
            pendingDecision(shop, decisionId);
            if (!repository.reject(shop, decisionId)) {
                throw ServiceException.conflict("decision '" + decisionId + "' is no longer pending");
            }
            return toJson(repository.decision(shop, decisionId).orElseThrow());
        }, false);
    }

    private PricingDecisionRecord pendingDecision(String shop, String decisionId) {
        PricingDecisionRecord d = repository.decision(shop, decisionId).orElseThrow(() -> ServiceException.notFound(
                "shop '" + shop + "' has no pricing decision '" + decisionId + "'"));
        if (!PricingDecisionRecord.PENDING.equals(d.status())) {
            throw ServiceException.conflict("decision '" + decisionId + "' is " + d.status() + ", not pending");
        }
        return d;
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /** The product's agent: current price, recent decisions and the estimated demand curve. */
    public Future<JsonObject> product(String shop, String productId, int limit) {
        return vertx.executeBlocking(() -> repository.state(shop, productId).orElseThrow(() -> ServiceException.notFound(
                "product '" + productId + "' of shop '" + shop + "' has no pricing agent yet; POST "
                        + "/api/v1/shops/" + shop + "/pricing/" + productId + "/decide first")), false)
                .compose(state -> {
                    LoadedStrategy strategy = pricingStrategy(state.strategyId());
                    return invoker.call(strategy.classLoader(), CALL_TIMEOUT, "pricing agent '" + state.strategyId() + "'",
                            () -> describe(shop, productId, state, (PricingAgent) strategy.strategy(), limit));
                });
    }

    private JsonObject describe(String shop, String productId, PricingState state, PricingAgent agent, int limit) {
        PricingModel model = agent.load(new SerializedModel(state.strategyId(), state.formatVersion(), state.bytes()));
        Product product = database.catalog().find(shop, productId).orElse(null);
        List<PricingDecisionRecord> history = repository.decisions(shop, productId, limit);
        double cost = product != null && product.cost() != null ? product.cost() : Double.NaN;
        JsonArray curve = new JsonArray();
        for (DemandEstimate e : model.demandCurve()) {
            curve.add(new JsonObject().put("price", e.price()).put("mean_units", finiteOrNull(e.meanUnits()))
                    .put("lower_units", finiteOrNull(e.lowerUnits())).put("upper_units", finiteOrNull(e.upperUnits()))
                    .put("observations", e.observations())
                    .put("expected_revenue", finiteOrNull(e.price() * e.meanUnits()))
                    .put("expected_profit", finiteOrNull((e.price() - cost) * e.meanUnits())));
        }
        JsonArray decisions = new JsonArray();
        history.forEach(d -> decisions.add(toJson(d)));
        Double current = product != null && product.price() != null ? product.price()
                : lastPrice(shop, productId).orElse(null);
        JsonObject metrics = new JsonObject();
        model.metrics().forEach((k, v) -> metrics.put(k, finiteOrNull(v)));
        return new JsonObject().put("product_id", productId).put("strategy", state.strategyId())
                .put("current_price", current).put("list_price", state.listPrice())
                .put("state_version", state.version()).put("observations", state.observations())
                .put("started_at", state.createdAt().toString()).put("updated_at", state.updatedAt().toString())
                .put("metrics", metrics).put("demand_curve", curve).put("history", decisions);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Future<Binding> enabledBinding(String shop) {
        return bindings.find(shop, StrategyKind.PRICING).map(found -> {
            Binding b = found.orElseThrow(() -> ServiceException.conflict("shop '" + shop + "' has no pricing strategy; "
                    + "bind one with PUT /api/v1/shops/" + shop + "/strategies/pricing"));
            if (!b.enabled()) {
                throw ServiceException.conflict("the pricing strategy of shop '" + shop + "' is disabled");
            }
            return b;
        });
    }

    private LoadedStrategy pricingStrategy(String id) {
        LoadedStrategy s = catalog.find(id).orElseThrow(() -> ServiceException.unavailable("pricing strategy '" + id
                + "' is not loaded on this node"));
        if (!(s.strategy() instanceof PricingAgent)) {
            throw ServiceException.unavailable("strategy '" + id + "' is not a pricing agent");
        }
        return s;
    }

    static JsonObject toJson(PricingDecisionRecord d) {
        JsonObject outcome = d.units() == null ? null : new JsonObject().put("units", d.units())
                .put("revenue", d.revenue()).put("source", d.outcomeSource())
                .put("at", d.outcomeAt() == null ? null : d.outcomeAt().toString());
        return new JsonObject().put("decision_id", d.id()).put("product_id", d.productId())
                .put("strategy", d.strategyId()).put("price", d.price()).put("previous_price", d.previousPrice())
                .put("exploring", d.exploring()).put("explanation", d.explanation())
                .put("expected_units", d.expectedUnits()).put("expected_revenue", d.expectedRevenue())
                .put("expected_profit", d.expectedProfit()).put("mode", d.mode()).put("status", d.status())
                .put("decided_at", d.decidedAt().toString())
                .put("period_start", d.periodStart() == null ? null : d.periodStart().toString())
                .put("period_end", d.periodEnd() == null ? null : d.periodEnd().toString())
                .put("outcome", outcome);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
