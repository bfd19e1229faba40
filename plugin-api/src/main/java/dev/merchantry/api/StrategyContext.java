package dev.merchantry.api;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * What the platform hands a strategy for one call: the shop it works for and the services it may use.
 *
 * <p>Immutable; valid only for the duration of the call it was passed to. Strategies must use {@link #clock()}
 * rather than the system clock so that offline evaluation and tests can replay time, and {@link #executor()} (most
 * simply through {@link Parallel}) rather than parallel streams, the common pool or threads of their own, so that
 * forked work runs with the plugin's class loader and ends with the call's timeout or cancellation.
 *
 * @since 0.1.0
 */
public interface StrategyContext {

    /**
     * The shop this call is for.
     *
     * @since 0.1.0
     */
    String shopId();

    /**
     * The time source; offline evaluations pass a fixed or simulated clock.
     *
     * @since 0.1.0
     */
    Clock clock();

    /**
     * A logger whose records are tagged with the strategy and shop.
     *
     * @since 0.1.0
     */
    Logger logger();

    /**
     * Counters and distributions, exported by the platform tagged with strategy and shop.
     *
     * @since 0.1.0
     */
    StrategyMetrics metrics();

    /**
     * Asks other strategies bound to the same shop, e.g. a pricing agent asking for a demand forecast.
     *
     * @since 0.1.0
     */
    StrategyClient strategies();

    /**
     * Runs work forked by this call on threads the platform owns, with the calling thread's context class loader
     * (the plugin's). Use it only from within the call, and wait for what you submit before returning: the platform
     * interrupts the calling thread at the call's timeout, and {@link Parallel} then interrupts the forked work too.
     * Rejects nothing; tasks may queue behind other shops' work, so the caller should do a share itself (as
     * {@link Parallel} does) rather than block waiting for a pool thread.
     *
     * @return by default an executor that runs each task at once on the calling thread
     * @since 0.1.0
     */
    default Executor executor() {
        return Runnable::run;
    }

    /**
     * How many tasks of {@link #executor()} may usefully run at once, the calling thread included; at least 1.
     *
     * @return by default 1 (no parallelism)
     * @since 0.1.0
     */
    default int parallelism() {
        return 1;
    }
}
