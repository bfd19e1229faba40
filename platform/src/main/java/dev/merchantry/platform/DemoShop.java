package dev.merchantry.platform;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.demo.DemoDataGenerator;
import dev.merchantry.platform.demo.DemoPricing;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.demo.DemoSink;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.node.NodeCore;
import dev.merchantry.platform.pricing.PricingService;
import dev.merchantry.platform.shops.Shops;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.ImpressionRecord;
import dev.merchantry.platform.storage.PerformanceRepository;
import dev.merchantry.platform.storage.PricingDecisionRecord;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code serve --demo}: creates the shop {@code demo}, binds the bundled strategies and loads a generated history
 * (docs/demo-data.md) through the same ingestion services the REST API uses — its last two weeks priced by the bound
 * pricing agent through the pricing service — so a new user can call every endpoint at once ({@link DemoReplay}
 * then adds the recent past only time would give). Idempotent: a fully seeded demo shop is left as it is; a seed cut
 * short is completed on the next start (event ids are deterministic, so what landed counts as duplicates, and the
 * agent's prices decided before are used again).
 */
final class DemoShop {

    static final String ID = "demo";

    /** Whether the demo's recent past (experiment, past forecasts and churn risks) has been replayed in this database. */
    static boolean replayed(Database db) {
        return db.settings().get(ID, DemoReplay.REPLAYED).isPresent();
    }
    static final long SEED = 42;
    private static final String SEEDED = "demo_seeded";
    private static final Logger LOG = LoggerFactory.getLogger(DemoShop.class);
    /** Strategies bound for the demo shop: per kind, the first one installed (bundled plugins first, baselines last). */
    static final Map<StrategyKind, List<String>> DEFAULTS = Map.of(
            StrategyKind.RECOMMENDER, List.of("item-knn", "popular"),
            StrategyKind.FORECASTER, List.of("auto", "seasonal-naive"),
            StrategyKind.PROFILER, List.of("segments", "clv", "rfm"),
            StrategyKind.PRICING, List.of("thompson-pricing"));

    private DemoShop() {
    }

    /** The demo merchant's console login (a public, documented demo credential: README quick start). */
    static final String MERCHANT_EMAIL = "demo@merchantry.dev";
    static final String MERCHANT_PASSWORD = "demo-merchant";

    /** Creates the demo merchant (who sees only the demo shop) unless it exists; returns "email / password". */
    static String seedMerchant(dev.merchantry.platform.auth.Accounts accounts) {
        if (accounts.createIfAbsent(MERCHANT_EMAIL, MERCHANT_PASSWORD, List.of(ID), false)) {
            LOG.info("demo: created the console login {} for shop '{}'", MERCHANT_EMAIL, ID);
        }
        return MERCHANT_EMAIL + " / " + MERCHANT_PASSWORD;
    }

    /**
     * Queues training of every bound demo strategy that has no model yet, so the demo serves (and the console shows
     * insights) within a minute of the first start without anyone pressing "train".
     */
    static void trainUntrained(Database db, dev.merchantry.platform.jobs.JobService jobs) {
        for (var binding : db.bindings().list(ID)) {
            if (binding.kind() != StrategyKind.PRICING && binding.enabled()
                    && db.models().latestTime(ID, binding.kind(), binding.strategyId()).isEmpty()
                    && !db.jobs().pending(ID, binding.kind(), binding.strategyId())) {
                jobs.submit(ID, binding.kind(), "demo").onSuccess(job -> LOG.info("demo: training {} ({}), job {}",
                        binding.strategyId(), binding.kind().wireName(), job.id()));
            }
        }
    }

    /**
     * What {@link #seed} did: the demo shop's API key if it created the shop (else null), and the generator if it
     * generated the history in this start (else null), whose simulated customers the {@link DemoReplay} serves.
     */
    record Seeded(String apiKey, DemoDataGenerator generator) {
    }

    /**
     * Creates the shop and loads its history unless that was done. With a pricing agent bound and loaded, the agent
     * prices the last days of the history through {@code pricing} as the history is loaded (docs/demo-data.md).
     */
    static Seeded seed(Shops shops, StrategyCatalog catalog, Database db, IngestService ingest,
                       CatalogService catalogService, PricingService pricing, DemoScale scale, Clock clock) {
        String apiKey = null;
        if (db.shops().find(ID).isEmpty()) {
            apiKey = shops.createBlocking(ID, "Demo Outdoor Store").apiKey();
            DEFAULTS.forEach((kind, candidates) -> candidates.stream().filter(id -> catalog.find(id).isPresent())
                    .findFirst().ifPresentOrElse(
                            strategyId -> db.bindings().put(ID, kind, strategyId, "{}", true, "demo"),
                            () -> LOG.warn("demo: none of {} is installed; the demo shop has no {}", candidates,
                                    kind.wireName())));
        }
        if (db.settings().get(ID, SEEDED).isPresent()) {
            return new Seeded(apiKey, null);
        }
        long started = System.nanoTime();
        LOG.info("demo: generating and loading the demo shop's history ({}); this takes a few seconds once",
                scale == null ? DemoScale.DEFAULT : scale);
        // History ends at today's midnight (UTC): every generated day is complete.
        Instant end = clock.instant().truncatedTo(ChronoUnit.DAYS);
        Loader loader = new Loader(ingest, catalogService, db.performance());
        DemoDataGenerator generator = new DemoDataGenerator(scale == null ? DemoScale.DEFAULT : scale, SEED, end);
        AgentPrices prices = agentPrices(db, catalog, pricing);
        generator.generate(loader, prices);
        db.settings().put(ID, SEEDED, new JsonObject().put("scale", String.valueOf(scale)).put("end", end.toString())
                .put("events", loader.events).encode());
        LOG.info("demo: shop '{}' seeded with {} products, {} events, {} inventory snapshots, {} recommendation"
                + " lists and {} pricing decisions in {} ms", ID, loader.products, loader.events, loader.snapshots,
                loader.impressions, prices == null ? 0 : prices.decided, (System.nanoTime() - started) / 1_000_000);
        return new Seeded(apiKey, generator);
    }

    /** The history's end, as recorded when the demo shop was seeded, or null if it was not. */
    static Instant seededEnd(Database db) {
        return db.settings().get(ID, SEEDED).map(s -> Instant.parse(new JsonObject(s).getString("end"))).orElse(null);
    }

    /**
     * The demo's pricing agent, if the shop has an enabled pricing binding whose strategy is loaded (null: the history
     * keeps its own prices). A seed cut short is resumed with the prices decided before (the history after them
     * depends on them), and only the days after get new decisions.
     */
    static AgentPrices agentPrices(Database db, StrategyCatalog catalog, PricingService pricing) {
        var binding = db.bindings().find(ID, StrategyKind.PRICING);
        if (binding.isEmpty() || !binding.get().enabled() || catalog.find(binding.get().strategyId()).isEmpty()) {
            return null;
        }
        Map<String, Map<Long, Double>> stored = new HashMap<>();
        for (var product : db.performance().pricedProducts(ID)) {
            for (PricingDecisionRecord d : db.pricing().decisions(ID, product.productId(), 1000)) {
                if (d.periodStart() != null) {
                    stored.computeIfAbsent(d.productId(), k -> new HashMap<>())
                            .putIfAbsent(d.periodStart().toEpochMilli(), d.price());
                }
            }
        }
        return new AgentPrices(pricing, stored);
    }

    /**
     * Each pricing day's prices, decided by the node's pricing service as of the day's start (so the agent's
     * decisions, periods and the outcomes it learns from the ingested orders are those of the simulated days);
     * {@code pricing} null: only the prices decided before are known.
     */
    static final class AgentPrices implements DemoPricing {
        private final PricingService pricing;
        private final Map<String, Map<Long, Double>> stored;
        long decided;

        AgentPrices(PricingService pricing, Map<String, Map<Long, Double>> stored) {
            this.pricing = pricing;
            this.stored = stored;
        }

        @Override
        public Map<String, Double> prices(Instant dayStart, List<Request> products) {
            Map<String, Double> out = new HashMap<>();
            List<Future<JsonObject>> asked = new ArrayList<>();
            for (Request r : products) {
                Double before = stored.getOrDefault(r.productId(), Map.of()).get(dayStart.toEpochMilli());
                if (before != null) {
                    out.put(r.productId(), before);
                } else if (pricing != null) {
                    asked.add(pricing.decideAt(new JsonObject().put("shop", ID).put("product_id", r.productId())
                            .put("list_price", r.listPrice()).put("current_price", r.currentPrice())
                            .put("on_hand", r.onHand()), dayStart));
                }
            }
            if (!asked.isEmpty()) {
                NodeCore.await(Future.all(asked));
                for (Future<JsonObject> f : asked) {
                    out.put(f.result().getString("product_id"), f.result().getDouble("price"));
                }
                decided += asked.size();
            }
            return out;
        }
    }

    /** Feeds generated batches into the ingestion services and fails loudly if any record is rejected. */
    private static final class Loader implements DemoSink {
        private final IngestService ingest;
        private final CatalogService catalog;
        private final PerformanceRepository performance;
        long products;
        long events;
        long snapshots;
        long impressions;

        Loader(IngestService ingest, CatalogService catalog, PerformanceRepository performance) {
            this.ingest = ingest;
            this.catalog = catalog;
            this.performance = performance;
        }

        /** The widget's lists of the history, stored as the node stores the lists it serves (idempotent by id). */
        @Override
        public void impressions(List<JsonObject> batch) {
            List<ImpressionRecord> records = new ArrayList<>(batch.size());
            for (JsonObject i : batch) {
                String user = i.getString("customer_id", i.getString("anonymous_id"));
                records.add(new ImpressionRecord(ID, i.getString("recommendation_id"),
                        Instant.parse(i.getString("timestamp")).toEpochMilli(), i.getString("strategy"), null, null,
                        user, i.getJsonArray("items").getList()));
            }
            performance.insertImpressions(records);
            impressions += records.size();
        }

        @Override
        public void products(List<JsonObject> batch) {
            products += check("products", catalog.upsertProductsBlocking(ID, new ArrayList<>(batch)));
        }

        @Override
        public void events(List<JsonObject> batch) {
            JsonObject reply = ingest.ingestBlocking(ID, new ArrayList<>(batch));
            events += check("events", reply) + reply.getLong("duplicates", 0L);
        }

        @Override
        public void inventory(List<JsonObject> batch) {
            JsonObject reply = catalog.addSnapshotsBlocking(ID, new ArrayList<>(batch));
            snapshots += check("inventory", reply) + reply.getLong("duplicates", 0L);
        }

        private static long check(String what, JsonObject reply) {
            if (!reply.getJsonArray("rejected").isEmpty()) {
                throw new IllegalStateException("demo data generator produced invalid " + what + ": "
                        + reply.getJsonArray("rejected").getJsonObject(0).encode());
            }
            return reply.getLong("accepted");
        }
    }
}
