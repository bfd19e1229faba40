package dev.merchantry.platform.plugins;

/**
 * Plugin lifecycle as operators see it (JSON: lower-case).
 *
 * <pre>
 *   RESOLVED ──start──▶ STARTING ──▶ STARTED ──stop──▶ STOPPED ──start──▶ STARTING …
 *                           │
 *                           └──▶ FAILED (start threw, platform version not met, strategy id taken)
 * </pre>
 * A node quarantines an archive that fails while it loads (see {@code GET /api/v1/plugins}, {@code quarantined});
 * FAILED remains for a plugin whose explicit start fails at runtime, and for tools that only report.
 */
public enum PluginState { CREATED, RESOLVED, STARTING, STARTED, STOPPED, DISABLED, FAILED }
