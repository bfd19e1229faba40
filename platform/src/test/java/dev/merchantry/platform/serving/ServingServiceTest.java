package dev.merchantry.platform.serving;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.platform.catalog.CatalogAvailability;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.ingest.DataSettingsService;
import dev.merchantry.platform.ingest.Pseudonymizer;
import dev.merchantry.platform.performance.ImpressionLog;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.ImpressionRecord;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import dev.merchantry.platform.testing.Futures;
import dev.merchantry.platform.testing.InMemoryStorage;
import dev.merchantry.platform.testing.InMemoryStrategies;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ServingService}'s fallback chain with in-memory fakes of storage and plugins (no node, no HTTP): the bound
 * recommender answers first, the shop's fallbacks fill up to the limit, then the reply says who answered and why
 * each other strategy was passed over — no trained model, nothing for this shopper, a model that cannot load, a
 * plugin that throws. A disabled or missing binding is a 409; hidden, out-of-stock, excluded and bought products
 * are never served, whatever a plugin returns.
 */
class ServingServiceTest {

    private static final String SHOP = "acme";
    private static final String BOUND = "knn";
    /** The default fallback chain of serving settings. */
    private static final String TOGETHER = "bought-together";
    private static final String POPULAR = "popular";

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStorage storage = new InMemoryStorage(clock);
    private final List<ImpressionRecord> served = new ArrayList<>();
    private final ImpressionLog impressions = new ImpressionLog(clock, served::addAll);
    private final InMemoryStrategies strategies = new InMemoryStrategies();
    private final Map<String, FakeRecommender> recommenders = new ConcurrentHashMap<>();
    private Vertx vertx;
    private StrategyInvoker invoker;
    private ServingSettingsService settings;
    private ServingStats stats;
    private ServingService serving;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        invoker = new StrategyInvoker(vertx, "serving", 2, 100);
        StrategyCatalog catalog = strategies.catalog();
        for (String id : List.of(BOUND, TOGETHER, POPULAR, "svd")) {
            FakeRecommender r = new FakeRecommender(id);
            recommenders.put(id, r);
            strategies.add(r);
        }
        settings = new ServingSettingsService(vertx, storage.settings(), catalog);
        stats = new ServingStats(clock);
        serving = new ServingService(new BindingService(vertx, storage.bindings(), catalog),
                new ActiveModels(vertx, storage.models(), catalog, invoker), catalog, invoker,
                new CatalogAvailability(vertx, storage.catalog()),
                new CustomerIds(vertx, new DataSettingsService(vertx, storage.settings()),
                        new Pseudonymizer(storage.settings())),
                settings, new PurchasedProducts(vertx, storage.views()), stats,
                dev.merchantry.platform.experiments.ExperimentAssignments.NONE,
                impressions);
        storage.bindings().put(SHOP, StrategyKind.RECOMMENDER, BOUND, "{}", true, "test");
    }

    @AfterEach
    void tearDown() {
        invoker.close();
        Futures.result(vertx.close());
    }

    // ---------------------------------------------------------------------------------------------- the chain

    @Test
    void theBoundStrategyAnswersAloneWhenItFillsTheLimit() {
        trained(BOUND, q -> items("p1", "p2", "p3"));
        trained(POPULAR, q -> items("p9"));

        JsonObject reply = recommend(request("c1", 3));

        assertEquals(BOUND, reply.getString("strategy"));
        assertFalse(reply.getBoolean("fallback"));
        assertEquals(List.of("p1", "p2", "p3"), ids(reply));
        reply.getJsonArray("items").forEach(i -> assertEquals(BOUND, ((JsonObject) i).getString("strategy")));
        assertNull(reply.getJsonArray("skipped"), "nothing passed over");
        assertEquals(0, recommenders.get(POPULAR).calls.get(), "the chain stops once the limit is reached");
        assertEquals(3, recommenders.get(BOUND).lastQuery.limit());
    }

    @Test
    void everyListServedIsLoggedAsAnImpressionOfTheStrategyThatAnsweredAndAnEmptyOneIsNot() {
        trained(BOUND, q -> items("p1"));
        trained(POPULAR, q -> items("p2", "p3"));
        JsonObject reply = recommend(request("c1", 3));
        assertEquals(0, served.size(), "nothing is written on the serving path");
        impressions.flush();
        assertEquals(1, served.size());
        ImpressionRecord i = served.get(0);
        assertEquals(reply.getString("recommendation_id"), i.recommendationId());
        assertEquals(BOUND, i.strategyId());
        assertEquals("c1", i.userKey());
        assertEquals(List.of("p1", "p2", "p3"), i.items());
        assertEquals(clock.millis(), i.ts());
        assertNull(i.variantId());

        trained(BOUND, q -> List.of());
        trained(POPULAR, q -> List.of());
        recommend(request("c2", 3));
        impressions.flush();
        assertEquals(1, served.size(), "an empty list showed nothing");
    }

    @Test
    void fallbacksFillUpInTheirOrderWithoutRepeatingAProduct() {
        trained(BOUND, q -> items("p1"));
        trained(TOGETHER, q -> items("p1", "p2"));
        trained(POPULAR, q -> items("p2", "p3", "p4", "p5"));

        JsonObject reply = recommend(request("c1", 4));

        assertEquals(List.of("p1", "p2", "p3", "p4"), ids(reply));
        assertEquals(List.of(BOUND, TOGETHER, POPULAR, POPULAR), strategiesOf(reply), "each item names its source");
        assertEquals(BOUND, reply.getString("strategy"), "the first strategy that contributed answered");
        assertFalse(reply.getBoolean("fallback"));
    }

    @Test
    void aBoundStrategyWithoutAModelIsSkippedAndTheReplyIsAFallback() {
        trained(POPULAR, q -> items("p1", "p2"));

        JsonObject reply = recommend(request("c1", 2));

        assertEquals(POPULAR, reply.getString("strategy"));
        assertTrue(reply.getBoolean("fallback"));
        assertEquals(List.of("p1", "p2"), ids(reply));
        assertEquals(new JsonArray().add(skip(BOUND, "no trained model")).add(skip(TOGETHER, "no trained model")),
                reply.getJsonArray("skipped"));
        JsonObject served = stats.toJson(SHOP).getJsonObject("recommendations");
        assertEquals(1L, served.getLong("requests"));
        assertEquals(1L, served.getLong("fallback"), "the serving stats count the fallback");
        assertEquals(1L, served.getJsonObject("by_strategy").getLong(POPULAR));
    }

    @Test
    void aStrategyWithNothingForTheShopperIsSkippedSayingSo() {
        trained(BOUND, q -> List.of());
        trained(TOGETHER, q -> List.of());
        trained(POPULAR, q -> items("p1"));

        JsonObject forCustomer = recommend(request("c1", 1));
        assertEquals(new JsonArray().add(skip(BOUND, "nothing for this customer"))
                .add(skip(TOGETHER, "nothing for this customer")), forCustomer.getJsonArray("skipped"));

        JsonObject forProduct = recommend(new JsonObject().put("shop", SHOP).put("product_id", "p7").put("limit", 1));
        assertEquals(skip(BOUND, "nothing for this customer or product"),
                forProduct.getJsonArray("skipped").getJsonObject(0));
        assertEquals(List.of("p7"), recommenders.get(BOUND).lastQuery.contextItems(), "the product is the context");
    }

    @Test
    void aPluginThatThrowsIsContainedAndTheChainGoesOn() {
        trained(BOUND, q -> {
            throw new IllegalStateException("index out of sync");
        });
        trained(POPULAR, q -> items("p1", "p2"));

        JsonObject reply = recommend(request("c1", 2));

        assertEquals(POPULAR, reply.getString("strategy"));
        assertTrue(reply.getBoolean("fallback"));
        assertEquals(List.of("p1", "p2"), ids(reply));
        JsonObject failed = reply.getJsonArray("skipped").getJsonObject(0);
        assertEquals(BOUND, failed.getString("strategy"));
        assertEquals("failed: index out of sync", failed.getString("reason"));
    }

    @Test
    void aModelThatCannotLoadIsSkippedNamingTheReason() {
        trained(BOUND, q -> items("p1"));
        recommenders.get(BOUND).loadFailure = "model store is corrupt";
        trained(POPULAR, q -> items("p2"));

        for (int i = 0; i < 2; i++) { // the second time from the remembered failure, without asking the plugin
            JsonObject reply = recommend(request("c1", 1));
            assertEquals(List.of("p2"), ids(reply));
            String reason = reply.getJsonArray("skipped").getJsonObject(0).getString("reason");
            assertTrue(reason.startsWith("failed: ") && reason.contains("could not be loaded: model store is corrupt"),
                    reason);
        }
        assertEquals(1, recommenders.get(BOUND).loads.get(), "a failed load is remembered, not retried per request");
    }

    @Test
    void whenNothingInTheChainAnswersTheReplyIsEmptyAndSaysWhy() {
        JsonObject reply = recommend(request("c1", 5));

        assertNull(reply.getString("strategy"));
        assertFalse(reply.getBoolean("fallback"));
        assertEquals(List.of(), ids(reply));
        assertEquals(3, reply.getJsonArray("skipped").size());
        assertEquals(1L, stats.toJson(SHOP).getJsonObject("recommendations").getJsonObject("by_strategy")
                .getLong("none"));
    }

    @Test
    void theShopsFallbackSettingsChooseTheChainAndUnknownStrategiesAreLeftOut() {
        trained(BOUND, q -> List.of());
        trained("svd", q -> items("p1"));
        trained(POPULAR, q -> items("p2"));
        Futures.result(settings.update(SHOP, new JsonObject().put("recommendation_fallback",
                new JsonArray().add("svd").add(POPULAR))));

        assertEquals(List.of("p1", "p2"), ids(recommend(request("c1", 2))));

        // The fallback's plugin goes away: the chain leaves it out rather than failing.
        strategies.remove("svd");
        JsonObject reply = recommend(request("c1", 2));
        assertEquals(List.of("p2"), ids(reply));
        assertEquals(List.of(BOUND), reply.getJsonArray("skipped").stream()
                .map(s -> ((JsonObject) s).getString("strategy")).toList());
        assertEquals(0, recommenders.get(TOGETHER).calls.get(), "not in this shop's chain");
    }

    // ---------------------------------------------------------------------------------------------- bindings

    @Test
    void aDisabledBindingIsAConflictAndNoStrategyIsAsked() {
        trained(BOUND, q -> items("p1"));
        trained(POPULAR, q -> items("p1"));
        storage.bindings().put(SHOP, StrategyKind.RECOMMENDER, BOUND, "{}", false, "test");

        ServiceException refused = apiFailure(request("c1", 3));

        assertEquals(409, refused.kind().code());
        assertEquals("the recommender strategy of shop 'acme' is disabled", refused.getMessage());
        assertEquals(0, recommenders.get(BOUND).calls.get() + recommenders.get(POPULAR).calls.get());
    }

    @Test
    void aShopWithoutABindingIsAConflictNamingTheFix() {
        ServiceException refused = apiFailure(request("c1", 3).put("shop", "other"));

        assertEquals(409, refused.kind().code());
        assertTrue(refused.getMessage().contains("PUT /api/v1/shops/other/strategies/recommender"), refused.getMessage());
    }

    // ---------------------------------------------------------------------------------------------- what is never served

    @Test
    void unavailableExcludedAndBoughtProductsAreNeverServedWhateverThePluginReturns() {
        storage.catalog().unavailable(SHOP, "hidden", "sold-out");
        storage.views().bought(SHOP, "c1", "bought");
        // A plugin that ignores the query's filter and returns everything.
        trained(BOUND, q -> items("hidden", "p1", "sold-out", "bought", "excluded", "p2", "p1"));

        JsonObject reply = recommend(request("c1", 10).put("exclude", new JsonArray().add("excluded")));

        assertEquals(List.of("p1", "p2"), ids(reply));
        RecommendationQuery asked = recommenders.get(BOUND).lastQuery;
        for (String never : List.of("hidden", "sold-out", "bought", "excluded")) {
            assertFalse(asked.allowed().test(never), never + " is filtered out of the query the plugin gets");
        }
        assertTrue(asked.allowed().test("p1"));
    }

    @Test
    void aCategoryKeepsItsProductsAndThoseOfItsSubCategories() {
        storage.catalog().category(SHOP, "trail", "Shoes/Trail").category(SHOP, "road", "Shoes > Road")
                .category(SHOP, "sock", "Socks").category(SHOP, "shoehorn", "Shoehorns");
        trained(BOUND, q -> items("sock", "trail", "shoehorn", "road", "uncategorized"));

        JsonObject reply = recommend(request("c9", 10).put("category", "shoes"));

        assertEquals(List.of("trail", "road"), ids(reply));
    }

    @Test
    void badRequestsNameTheField() {
        assertEquals("customer_id", apiFailure(new JsonObject().put("shop", SHOP)).errors().get(0).key());
        assertEquals("limit", apiFailure(request("c1", 0)).errors().get(0).key());
        assertEquals("limit", apiFailure(request("c1", ServingService.MAX_LIMIT + 1)).errors().get(0).key());
        assertEquals("exclude", apiFailure(request("c1", 1).put("exclude", "p1")).errors().get(0).key());
        assertEquals("shop", apiFailure(new JsonObject().put("customer_id", "c1")).errors().get(0).key());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private JsonObject recommend(JsonObject request) {
        return Futures.result(serving.recommend(request));
    }

    private ServiceException apiFailure(JsonObject request) {
        Throwable failure = Futures.failure(() -> serving.recommend(request));
        if (!(failure instanceof ServiceException api)) {
            throw new AssertionError("expected a refusal with a status, got " + failure, failure);
        }
        return api;
    }

    private static JsonObject request(String customer, int limit) {
        return new JsonObject().put("shop", SHOP).put("customer_id", customer).put("limit", limit);
    }

    /** Stores a model of {@code strategy} for the shop; serving it answers with {@code answer}. */
    private void trained(String strategy, Function<RecommendationQuery, List<ScoredItem>> answer) {
        recommenders.get(strategy).answer = answer;
        storage.models().saveActive(SHOP, StrategyKind.RECOMMENDER, strategy, 1,
                strategy.getBytes(StandardCharsets.UTF_8), "{}", "job-" + strategy);
    }

    private static List<ScoredItem> items(String... ids) {
        List<ScoredItem> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            out.add(new ScoredItem(ids[i], ids.length - i, "because " + ids[i]));
        }
        return out;
    }

    private static List<String> ids(JsonObject reply) {
        return reply.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("product_id")).toList();
    }

    private static List<String> strategiesOf(JsonObject reply) {
        return reply.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("strategy")).toList();
    }

    private static JsonObject skip(String strategy, String reason) {
        return new JsonObject().put("strategy", strategy).put("reason", reason);
    }

    /** A recommender whose models answer as the test says; it counts loads and queries. */
    private static final class FakeRecommender implements Recommender {
        private final StrategyDescriptor descriptor;
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile Function<RecommendationQuery, List<ScoredItem>> answer = q -> List.of();
        volatile String loadFailure;
        volatile RecommendationQuery lastQuery;

        FakeRecommender(String id) {
            descriptor = new StrategyDescriptor(id, StrategyKind.RECOMMENDER, "1.0.0", id, "test double",
                    ConfigSpec.builder().build());
        }

        @Override
        public StrategyDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context,
                                    ProgressListener progress) {
            throw new UnsupportedOperationException("serving never trains");
        }

        @Override
        public RecommenderModel load(SerializedModel stored) {
            loads.incrementAndGet();
            if (loadFailure != null) {
                throw new IllegalStateException(loadFailure);
            }
            return new RecommenderModel() {
                @Override
                public List<ScoredItem> recommend(RecommendationQuery query) {
                    calls.incrementAndGet();
                    lastQuery = query;
                    return answer.apply(query);
                }

                @Override
                public SerializedModel serialize() {
                    return stored;
                }
            };
        }
    }
}
