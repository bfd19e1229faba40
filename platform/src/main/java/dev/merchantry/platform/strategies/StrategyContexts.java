package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.platform.plugins.PluginForkPool;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.function.Function;

/** Builds the context handed to a strategy for one shop: clock, logger, metrics, and the cross-strategy client. */
public final class StrategyContexts {

    private final Clock clock;
    private final MeterRegistry registry;
    private final Function<String, StrategyClient> clients;

    /** @param clients the {@link StrategyClient} of a shop (the platform's goes over the event bus) */
    public StrategyContexts(Clock clock, MeterRegistry registry, Function<String, StrategyClient> clients) {
        this.clock = clock;
        this.registry = registry;
        this.clients = clients;
        // Starts the fork pool's threads now, from host code at node start, before any plugin runs.
        PluginForkPool.executor();
    }

    public StrategyContext create(String shop, String strategyId) {
        return PlatformContext.of(shop, strategyId, clock, new MicrometerStrategyMetrics(registry, shop, strategyId),
                clients.apply(shop));
    }
}
