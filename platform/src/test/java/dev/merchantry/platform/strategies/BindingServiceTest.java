package dev.merchantry.platform.strategies;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.testing.Futures;
import dev.merchantry.platform.testing.InMemoryStrategies;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A binding changed on this node is what this node reads next, at once: the cached copy is dropped before the
 * change's future completes, not when the cluster-wide notice arrives (a read in between saw the old strategy, e.g.
 * right after shipping an experiment's variant).
 */
class BindingServiceTest {

    private static final String SHOP = "acme";

    @TempDir
    Path dir;

    private Vertx vertx;
    private Database db;
    private BindingService bindings;

    private static Strategy strategy(String id) {
        return () -> new StrategyDescriptor(id, StrategyKind.RECOMMENDER, "1.0.0", id, "", ConfigSpec.empty());
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        db = Database.open(DatabaseOptions.embedded(dir));
        db.shops().create(SHOP, "Acme");
        bindings = new BindingService(vertx, db.bindings(),
                new InMemoryStrategies().add(strategy("popular")).add(strategy("item-knn")).catalog());
    }

    @AfterEach
    void tearDown() {
        Futures.result(vertx.close());
        db.close();
    }

    @Test
    void aChangeIsReadBackAtOnceOnTheNodeThatMadeIt() {
        for (int round = 0; round < 50; round++) {
            String before = round % 2 == 0 ? "popular" : "item-knn";
            String after = round % 2 == 0 ? "item-knn" : "popular";
            Futures.result(bindings.put(SHOP, StrategyKind.RECOMMENDER, new JsonObject().put("strategy", before), "t"));
            // Cache the current binding, then change it and read in the same chain, on the event loop.
            String seen = Futures.result(bindings.find(SHOP, StrategyKind.RECOMMENDER)
                    .compose(cached -> {
                        assertTrue(cached.isPresent());
                        return bindings.put(SHOP, StrategyKind.RECOMMENDER, new JsonObject().put("strategy", after), "t");
                    })
                    .compose(changed -> bindings.find(SHOP, StrategyKind.RECOMMENDER))
                    .map(found -> found.orElseThrow().strategyId()));
            assertEquals(after, seen, "round " + round);
        }
    }

    @Test
    void aDeletionIsReadBackAtOnce() {
        Futures.result(bindings.put(SHOP, StrategyKind.RECOMMENDER, new JsonObject().put("strategy", "popular"), "t"));
        boolean gone = Futures.result(bindings.find(SHOP, StrategyKind.RECOMMENDER)
                .compose(cached -> bindings.delete(SHOP, StrategyKind.RECOMMENDER, "t"))
                .compose(deleted -> bindings.find(SHOP, StrategyKind.RECOMMENDER))
                .map(found -> found.isEmpty()));
        assertTrue(gone);
    }
}
