package dev.merchantry.platform.plugins;

import java.util.List;

/**
 * What {@code GET /api/v1/plugins} shows. {@code reason} is set when FAILED; {@code strategyIds} lists the strategies
 * the plugin contributes when started (a stopped plugin shows those of its last start); {@code file} is its archive.
 */
public record PluginInfo(String id, String version, PluginState state, String reason, String provider,
                         String description, String requires, List<String> strategyIds, String file) {
}
