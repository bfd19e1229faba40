package dev.merchantry.api;

import java.time.Clock;
import org.slf4j.Logger;

/**
 * What the platform hands a strategy for one call: the shop it works for and the services it may use.
 *
 * <p>Immutable; valid only for the duration of the call it was passed to. Strategies must use {@link #clock()}
 * rather than the system clock so that offline evaluation and tests can replay time.
 */
public interface StrategyContext {

    /** The shop this call is for. */
    String shopId();

    /** The time source; offline evaluations pass a fixed or simulated clock. */
    Clock clock();

    /** A logger whose records are tagged with the strategy and shop. */
    Logger logger();

    /** Counters and distributions, exported by the platform tagged with strategy and shop. */
    StrategyMetrics metrics();

    /** Asks other strategies bound to the same shop, e.g. a pricing agent asking for a demand forecast. */
    StrategyClient strategies();
}
