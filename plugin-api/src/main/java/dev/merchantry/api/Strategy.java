package dev.merchantry.api;

import org.pf4j.ExtensionPoint;

/**
 * Common root of the four strategy kinds. Implement one of the kind interfaces, not this one directly.
 *
 * <p>The platform instantiates each extension once per loaded plugin and calls {@link #descriptor()} right after
 * loading; the descriptor must be constant for the life of the instance.
 *
 * @since 0.1.0
 */
public interface Strategy extends ExtensionPoint {

    /**
     * Identity, kind and configuration of this strategy. Called once at load time; must be cheap and constant.
     *
     * @since 0.1.0
     */
    StrategyDescriptor descriptor();
}
