package dev.merchantry.platform.plugins;

import dev.merchantry.platform.observability.EventLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Records plugin changes: one {@link EventLog} line each (logger {@code dev.merchantry.platform.plugins.PluginTelemetry})
 * and {@value #CHANGES}{@code {action}}; and exposes how many plugins are in each state as {@value #PLUGINS}{@code {state}}.
 * The host reports what it decides alone (plugins loaded at start, archives quarantined); operator changes
 * (install, upgrade, stop, start, delete) are reported with their actor by whoever carries them out. Thread-safe.
 */
public final class PluginTelemetry {

    /** Micrometer names; Prometheus adds {@code _total} to the counter. */
    static final String PLUGINS = "merchantry.plugins";
    static final String CHANGES = "merchantry.plugin.changes";
    /** The {@code state} of {@value #PLUGINS} counting the archives in quarantine. */
    static final String QUARANTINED = "quarantined";
    /** Every {@code action} of {@value #CHANGES}; each is exported from the start, at 0 until it happens. */
    static final java.util.List<String> ACTIONS = java.util.List.of("installed", "upgraded", "stopped", "started",
            "start_failed", "deleted", "quarantined");

    private static final Logger LOG = LoggerFactory.getLogger(PluginTelemetry.class);

    private final MeterRegistry registry;

    public PluginTelemetry(MeterRegistry registry) {
        this.registry = registry;
        ACTIONS.forEach(action -> counter(action));
    }

    /** Gauges of the plugins per state (every {@link PluginState}, and {@value #QUARANTINED}), read from the host. */
    void bindStates(Supplier<java.util.List<PluginInfo>> plugins, Supplier<java.util.List<QuarantinedPlugin>> quarantined) {
        for (PluginState state : PluginState.values()) {
            Gauge.builder(PLUGINS, plugins, p -> p.get().stream().filter(i -> i.state() == state).count())
                    .strongReference(true).description("Plugins on this node by state; quarantined counts refused archives")
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder(PLUGINS, quarantined, q -> q.get().size()).strongReference(true)
                .description("Plugins on this node by state; quarantined counts refused archives")
                .tag("state", QUARANTINED).register(registry);
    }

    /** A plugin found in the plugins directory was loaded at start (not counted as a change). */
    void loaded(PluginInfo p) {
        plugin(EventLog.info(LOG, "plugin loaded"), p).with("state", state(p)).with("reason", p.reason()).log();
    }

    /** An archive was refused and moved to quarantine. {@code pluginId} is null when it declared none. */
    void quarantined(String file, String pluginId, String reason) {
        count("quarantined");
        EventLog.warn(LOG, "plugin quarantined").with("file", file).with("plugin", pluginId).with("reason", reason)
                .log();
    }

    /** An archive was refused and, on a host that does not quarantine, kept listed as failed or deleted. */
    void refused(String file, String pluginId, String reason, String kept) {
        EventLog.warn(LOG, "plugin refused").with("file", file).with("plugin", pluginId).with("reason", reason)
                .with("archive", kept).log();
    }

    public void installed(PluginInfo p, String actor) {
        count("installed");
        plugin(EventLog.info(LOG, "plugin installed"), p).with("file", p.file()).with("actor", actor).log();
    }

    /** Upgraded in place: {@code kept} bound models the new version reads, {@code retrained} shops queued to retrain. */
    public void upgraded(PluginInfo p, String previousVersion, int kept, int retrained, String actor) {
        count("upgraded");
        EventLog.info(LOG, "plugin upgraded").with("plugin", p.id()).with("previous_version", previousVersion)
                .with("version", p.version()).with("kept_models", kept).with("retrained", retrained)
                .with("strategies", strategies(p)).with("actor", actor).log();
    }

    public void stopped(PluginInfo p, String actor) {
        count("stopped");
        plugin(EventLog.info(LOG, "plugin stopped"), p).with("actor", actor).log();
    }

    /** A start was asked for: started, or left failed with the reason. */
    public void started(PluginInfo p, String actor) {
        if (p.state() == PluginState.STARTED) {
            count("started");
            plugin(EventLog.info(LOG, "plugin started"), p).with("actor", actor).log();
        } else {
            count("start_failed");
            plugin(EventLog.warn(LOG, "plugin start failed"), p).with("state", state(p)).with("reason", p.reason())
                    .with("actor", actor).log();
        }
    }

    /** {@code version} is null for a quarantined or broken archive deleted by file name. */
    public void deleted(String pluginId, String version, boolean force, String actor) {
        count("deleted");
        (force ? EventLog.warn(LOG, "plugin deleted") : EventLog.info(LOG, "plugin deleted")).with("plugin", pluginId)
                .with("version", version).with("force", force).with("actor", actor).log();
    }

    private static EventLog plugin(EventLog line, PluginInfo p) {
        return line.with("plugin", p.id()).with("version", p.version()).with("strategies", strategies(p));
    }

    private static String strategies(PluginInfo p) {
        return p.strategyIds() == null || p.strategyIds().isEmpty() ? null : String.join(",", p.strategyIds());
    }

    private static String state(PluginInfo p) {
        return p.state().name().toLowerCase(Locale.ROOT);
    }

    private void count(String action) {
        counter(action).increment();
    }

    private Counter counter(String action) {
        return Counter.builder(CHANGES).description("Plugin changes on this node by action").tag("action", action)
                .register(registry);
    }
}
