package dev.merchantry.platform.experiments;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.testing.Futures;
import dev.merchantry.platform.testing.InMemoryStrategies;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pricing experiments in {@link ExperimentService} on the embedded database: what is refused (naming the field, and
 * saying why), and the assignment of products — stable per product, split by the weights, the variant's strategy and
 * config handed to the pricing service, the first exposure stored once.
 */
class PricingExperimentTest {

    private static final String SHOP = "acme";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();
    private Vertx vertx;
    private Database db;
    private ExperimentService experiments;

    private static Strategy strategy(String id, StrategyKind kind, ConfigSpec spec) {
        return () -> new StrategyDescriptor(id, kind, "1.0.0", id, "", spec);
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        db = Database.open(DatabaseOptions.embedded(dir));
        db.shops().create(SHOP, "Acme");
        ConfigSpec pricing = ConfigSpec.builder()
                .define("price_points", ConfigType.INT, 7, Importance.HIGH, "candidate prices")
                .define("mode", ConfigType.STRING, "auto", Importance.HIGH, "auto or suggest").build();
        StrategyCatalog catalog = new InMemoryStrategies()
                .add(strategy("thompson-pricing", StrategyKind.PRICING, pricing))
                .add(strategy("popular", StrategyKind.RECOMMENDER, ConfigSpec.empty()))
                .catalog();
        experiments = new ExperimentService(vertx, db.experiments(), db.models(), catalog,
                new BindingService(vertx, db.bindings(), catalog), clock);
    }

    @AfterEach
    void tearDown() {
        Futures.result(vertx.close());
        db.close();
    }

    /** The field errors of a refused creation (none stored). */
    private Map<String, String> refused(String body) {
        Throwable t = Futures.failure(() -> experiments.create(SHOP, new JsonObject(body), "test"));
        ServiceException e = assertInstanceOf(ServiceException.class, t);
        assertEquals(ServiceException.Kind.INVALID, e.kind(), e.getMessage());
        Map<String, String> byField = new HashMap<>();
        e.errors().forEach(f -> byField.put(f.key(), f.message()));
        assertEquals(0, Futures.result(experiments.list(SHOP)).size(), "nothing is stored");
        return byField;
    }

    private static final String TWO_PRICES = "\"variants\":[{\"id\":\"list\",\"strategy\":\"list-price\"},"
            + "{\"id\":\"agent\",\"strategy\":\"thompson-pricing\"}]";

    @Test
    void combinationsThatMakeNoSenseAreRefusedNamingTheField() {
        Map<String, String> perCustomer = refused("{\"name\":\"x\",\"kind\":\"pricing\",\"unit\":\"customer\","
                + TWO_PRICES + "}");
        assertEquals(1, perCustomer.size(), perCustomer.toString());
        assertTrue(perCustomer.get("unit").contains("one product must have one price"), perCustomer.toString());

        Map<String, String> perProduct = refused("{\"name\":\"x\",\"kind\":\"recommender\",\"unit\":\"product\","
                + "\"variants\":[{\"id\":\"A\",\"strategy\":\"popular\"},{\"id\":\"B\",\"strategy\":\"popular\","
                + "\"config\":{}}]}");
        assertTrue(perProduct.get("unit").contains("assigns customers"), perProduct.toString());

        Map<String, String> forecaster = refused("{\"name\":\"x\",\"kind\":\"forecaster\"," + TWO_PRICES + "}");
        assertTrue(forecaster.get("kind").contains("not shown to shoppers"), forecaster.toString());
        Map<String, String> profiler = refused("{\"name\":\"x\",\"kind\":\"profiler\"," + TWO_PRICES + "}");
        assertTrue(profiler.get("kind").contains("profiler experiments are not supported"), profiler.toString());

        Map<String, String> mixed = refused("{\"name\":\"x\",\"kind\":\"pricing\",\"primary_metric\":\"click\","
                + "\"variants\":[{\"id\":\"list\",\"strategy\":\"list-price\",\"config\":{\"mode\":\"auto\"}},"
                + "{\"id\":\"rec\",\"strategy\":\"popular\"},"
                + "{\"id\":\"agent\",\"strategy\":\"thompson-pricing\",\"config\":{\"price_points\":\"many\"}}]}");
        assertEquals(List.of("primary_metric", "variants[0].config", "variants[1].strategy",
                "variants[2].config.price_points"), mixed.keySet().stream().sorted().toList(), mixed.toString());
        assertTrue(mixed.get("primary_metric").contains("revenue, profit"), mixed.toString());
        assertTrue(mixed.get("variants[0].config").contains("takes no config"), mixed.toString());
        assertTrue(mixed.get("variants[1].strategy").contains("not a pricing agent"), mixed.toString());

        Map<String, String> listPriceRecommender = refused("{\"name\":\"x\",\"variants\":["
                + "{\"id\":\"A\",\"strategy\":\"list-price\"},{\"id\":\"B\",\"strategy\":\"popular\"}]}");
        assertTrue(listPriceRecommender.get("variants[0].strategy").contains("control of pricing experiments"),
                listPriceRecommender.toString());
    }

    @Test
    void aPricingExperimentAssignsProductsStablyByTheirWeights() {
        JsonObject created = Futures.result(experiments.create(SHOP, new JsonObject("{\"name\":\"agent vs list\","
                + "\"kind\":\"pricing\",\"variants\":[{\"id\":\"list\",\"strategy\":\"list-price\",\"weight\":1},"
                + "{\"id\":\"agent\",\"strategy\":\"thompson-pricing\",\"config\":{\"price_points\":5},"
                + "\"weight\":3}]}"), "test"));
        assertEquals("product", created.getString("unit"), "the unit follows the kind");
        assertEquals("revenue", created.getString("primary_metric"));
        String id = created.getString("id");
        assertEquals(Optional.empty(), Futures.result(experiments.assign(SHOP, StrategyKind.PRICING, "p0")),
                "a draft assigns nothing");
        JsonObject started = Futures.result(experiments.start(SHOP, id));
        assertEquals(true, started.getBoolean("ready"), "a pricing variant needs no trained model");
        assertEquals(Optional.empty(), Futures.result(experiments.assign(SHOP, StrategyKind.RECOMMENDER, "c1")),
                "a pricing experiment does not assign customers of the recommender");

        int products = 4_000;
        List<Future<Optional<ExperimentAssignments.Assignment>>> first = new ArrayList<>();
        for (int i = 0; i < products; i++) {
            first.add(experiments.assign(SHOP, StrategyKind.PRICING, "p" + i));
        }
        Map<String, String> variantOf = new HashMap<>();
        int agent = 0;
        for (int i = 0; i < products; i++) {
            ExperimentAssignments.Assignment a = Futures.result(first.get(i)).orElseThrow();
            assertEquals(id, a.experimentId());
            variantOf.put("p" + i, a.variantId());
            if (a.variantId().equals("agent")) {
                agent++;
                assertEquals("thompson-pricing", a.strategyId());
                assertEquals(new JsonObject().put("price_points", 5), a.config(), "the variant's config is served");
            } else {
                assertEquals(ExperimentService.LIST_PRICE, a.strategyId());
            }
            assertEquals("", a.configKey(), "no model line: pricing agents learn online");
        }
        // Binomial sd of the share at 4,000 products and 0.75: 0.68 points; ±3 points is 4.4 sd.
        assertEquals(0.75, agent / (double) products, 0.03, "weight 3 of 4");
        for (int i = 0; i < products; i += 7) {
            assertEquals(variantOf.get("p" + i), Futures.result(experiments.assign(SHOP, StrategyKind.PRICING,
                    "p" + i)).orElseThrow().variantId(), "p" + i + " keeps its variant");
        }
        // one exposure per product, whatever the number of decisions
        List<String> exposed = new ArrayList<>();
        db.experiments().productSales(SHOP, id, clock.instant().plusSeconds(1), row -> exposed.add(row.unitId()));
        assertEquals(products, exposed.size());
        assertEquals(products, exposed.stream().distinct().count());
    }
}
