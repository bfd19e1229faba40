package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyMetrics;
import dev.merchantry.platform.plugins.PluginForkPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;

/** The immutable context the platform hands a strategy for one shop; forked work goes to {@link PluginForkPool}. */
record PlatformContext(String shopId, Clock clock, Logger logger, StrategyMetrics metrics, StrategyClient strategies)
        implements StrategyContext {

    @Override
    public Executor executor() {
        return PluginForkPool.executor();
    }

    @Override
    public int parallelism() {
        return PluginForkPool.parallelism();
    }

    static PlatformContext of(String shop, String strategyId, Clock clock, StrategyMetrics metrics, StrategyClient client) {
        return new PlatformContext(shop, clock, LoggerFactory.getLogger("merchantry.strategy." + strategyId), metrics, client);
    }
}
