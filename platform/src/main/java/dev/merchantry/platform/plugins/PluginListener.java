package dev.merchantry.platform.plugins;

import java.util.List;

/**
 * Told before a plugin's strategies disappear (stop, delete) and after new ones appear, so the platform can drop
 * caches and consumers that reference plugin classes before the plugin is unloaded.
 */
public interface PluginListener {
    void strategiesRemoved(String pluginId, List<String> strategyIds);

    void strategiesAdded(String pluginId, List<String> strategyIds);
}
