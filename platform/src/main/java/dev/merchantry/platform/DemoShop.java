package dev.merchantry.platform;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.strategies.Shops;
import dev.merchantry.platform.strategies.StrategyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * {@code serve --demo}: creates the shop {@code demo} on first start and binds the bundled fallback strategies,
 * so a new user can call every endpoint at once. Idempotent: an existing demo shop is left as it is.
 */
final class DemoShop {

    static final String ID = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoShop.class);
    /** Strategies bound for the demo shop when installed: kind → strategy id. */
    private static final Map<StrategyKind, String> DEFAULTS = Map.of(
            StrategyKind.RECOMMENDER, "popular",
            StrategyKind.FORECASTER, "seasonal-naive");

    private DemoShop() {
    }

    /** Returns the demo shop's API key if this call created the shop, else null. */
    static String seed(Shops shops, StrategyCatalog catalog, Database db) {
        if (db.shops().find(ID).isPresent()) {
            return null;
        }
        Shops.Created created = shops.createBlocking(ID, "Demo Outdoor Store");
        DEFAULTS.forEach((kind, strategyId) -> catalog.find(strategyId).ifPresentOrElse(
                s -> db.bindings().put(ID, kind, strategyId, "{}", true, "demo"),
                () -> LOG.warn("demo: strategy '{}' is not installed; the demo shop has no {}", strategyId, kind.wireName())));
        return created.apiKey();
    }
}
