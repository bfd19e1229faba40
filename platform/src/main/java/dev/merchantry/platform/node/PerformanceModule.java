package dev.merchantry.platform.node;

import dev.merchantry.platform.http.PerformanceResource;
import dev.merchantry.platform.performance.ImpressionLog;
import dev.merchantry.platform.performance.PerformanceService;

import io.micrometer.core.instrument.Gauge;

import java.time.Duration;

/**
 * What every strategy earned: the log of served recommendation lists (fed by serving, stored in batches off the
 * serving path), the daily performance report over REST, its aggregation and retention, and its gauges.
 */
public final class PerformanceModule implements NodeModule {

    /** How often served lists waiting in memory are stored. */
    static final Duration FLUSH_EVERY = Duration.ofMillis(250);

    private final ImpressionLog impressions;
    private final PerformanceService performance;
    private final Duration compactEvery;

    public PerformanceModule(NodeCore core, IngestModule ingest) {
        var repository = core.database().performance();
        this.impressions = new ImpressionLog(core.clock(), repository::insertImpressions);
        this.performance = new PerformanceService(core.vertx(), repository, core.database().views(), core.clock(),
                core.options().performance(), core.registry());
        this.compactEvery = core.options().performance().compactEvery();
        // This node's queued lists are stored first, so erasure reaches them; on another node of a cluster a list
        // served in the last 250 ms may still land after it.
        ingest.erasure().register((shop, customer) -> {
            impressions.flush();
            return repository.eraseCustomer(shop, customer);
        });
        Gauge.builder("merchantry_recommendation_impressions_dropped", impressions, ImpressionLog::dropped)
                .strongReference(true).description("Served recommendation lists this node could not store since start")
                .register(core.registry());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new PerformanceResource(performance).register(routes));
        wiring.every(FLUSH_EVERY, "storing recommendation impressions", impressions::flush);
        wiring.every(compactEvery, "aggregating daily performance", performance::compact);
        // Lists served until the HTTP servers stopped are stored before the database closes.
        wiring.onStop(impressions::flush);
    }

    public ImpressionLog impressions() {
        return impressions;
    }

    public PerformanceService performance() {
        return performance;
    }
}
