package dev.merchantry.api.pricing;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;

/**
 * A pricing strategy: creates per-product agent states.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>The platform loads the plugin and reads {@link #descriptor()} once.</li>
 *   <li>The first time a product of a shop is priced, it calls {@link #start} (which may warm-start from the
 *       product's price history) and persists the state.</li>
 *   <li>Each decision calls {@link PricingModel#decide}; each outcome {@link PricingModel#observe}, whose result
 *       replaces the stored state. Calls for one product are serialized; different products run concurrently.</li>
 *   <li>After a restart or on another node, states come back through {@link #load}.</li>
 * </ol>
 *
 * @since 0.1.0
 */
public interface PricingAgent extends Strategy {

    /**
     * A fresh agent state for a product. The configuration is captured in the state.
     *
     * @since 0.1.0
     */
    PricingModel start(PricingContext product, Config config, StrategyContext context);

    /**
     * Reads a state this strategy serialized, in any format version it ever wrote.
     *
     * @throws ModelFormatException when the bytes are not such a state
     * @since 0.1.0
     */
    PricingModel load(SerializedModel model);
}
