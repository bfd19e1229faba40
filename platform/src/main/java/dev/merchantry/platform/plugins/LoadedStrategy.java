package dev.merchantry.platform.plugins;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;

/** A strategy extension of a started plugin, with the class loader its calls must run under. */
public record LoadedStrategy(String pluginId, Strategy strategy, StrategyDescriptor descriptor, ClassLoader classLoader) {
}
