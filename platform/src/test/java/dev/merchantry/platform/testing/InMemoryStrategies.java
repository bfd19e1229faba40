package dev.merchantry.platform.testing;

import dev.merchantry.api.Strategy;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.strategies.StrategyCatalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strategies held in memory, as if provided by started plugins: unit tests of the services give them a
 * {@link #catalog()} without building or loading any plugin. Strategies can come and go while a test runs, as
 * plugins do.
 */
public final class InMemoryStrategies {

    /** The plugin id every in-memory strategy reports. */
    public static final String PLUGIN = "in-memory";

    private final Map<String, LoadedStrategy> byId = new ConcurrentHashMap<>();

    public InMemoryStrategies add(Strategy strategy) {
        byId.put(strategy.descriptor().id(), new LoadedStrategy(PLUGIN, strategy, strategy.descriptor(),
                InMemoryStrategies.class.getClassLoader()));
        return this;
    }

    /** As if its plugin was stopped. */
    public InMemoryStrategies remove(String strategyId) {
        byId.remove(strategyId);
        return this;
    }

    /** A catalog that sees the strategies present at each call. */
    public StrategyCatalog catalog() {
        return new StrategyCatalog(() -> List.copyOf(byId.values()), id -> Optional.ofNullable(byId.get(id)));
    }
}
