package dev.merchantry.api;

/**
 * Minimal metrics facade for strategies. The platform exports what is recorded here (Prometheus at
 * {@code /metrics}) with {@code strategy} and {@code shop} tags; names should be snake_case nouns.
 * Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface StrategyMetrics {

    /** A metrics sink that drops everything, for tests and offline runs. */
    StrategyMetrics NOOP = new StrategyMetrics() {
        @Override
        public void increment(String name, double amount) {
        }

        @Override
        public void record(String name, double value) {
        }
    };

    /**
     * Adds {@code amount} to the counter {@code name}.
     *
     * @since 0.1.0
     */
    void increment(String name, double amount);

    /**
     * Records one observation of the distribution {@code name}.
     *
     * @since 0.1.0
     */
    void record(String name, double value);
}
