package dev.merchantry.platform.plugins;

/** The outcome of upgrading a plugin in place: the plugin as it now runs and the version it replaced. */
public record PluginUpgrade(PluginInfo plugin, String previousVersion) {
}
