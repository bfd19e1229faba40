package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Exposes what a strategy reports as Prometheus meters {@code merchantry_strategy_<name>} tagged by shop and strategy. */
final class MicrometerStrategyMetrics implements StrategyMetrics {

    private final MeterRegistry registry;
    private final Tags tags;

    MicrometerStrategyMetrics(MeterRegistry registry, String shop, String strategy) {
        this.registry = registry;
        this.tags = Tags.of("shop", shop, "strategy", strategy);
    }

    @Override
    public void increment(String name, double amount) {
        registry.counter(meterName(name), tags).increment(amount);
    }

    @Override
    public void record(String name, double value) {
        registry.summary(meterName(name), tags).record(value);
    }

    private static String meterName(String name) {
        return "merchantry.strategy." + name.replaceAll("[^A-Za-z0-9_.]", "_");
    }
}
