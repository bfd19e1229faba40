package dev.merchantry.platform.node;

import dev.merchantry.platform.catalog.CatalogAvailability;
import dev.merchantry.platform.http.ServingResource;
import dev.merchantry.platform.http.ServingSettingsResource;
import dev.merchantry.platform.http.ServingStatsResource;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.serving.PurchasedProducts;
import dev.merchantry.platform.serving.ServingService;
import dev.merchantry.platform.serving.ServingSettingsService;
import dev.merchantry.platform.serving.ServingStats;

/**
 * Answers at page-render time: recommendations (with the fallback chain) and forecasts, over REST and on
 * {@code merchantry.recommend} / {@code merchantry.forecast}; the serving settings and statistics of each shop.
 */
public final class ServingModule implements NodeModule {

    private final ServingStats stats;
    private final ServingSettingsService settings;
    private final ServingService serving;

    public ServingModule(NodeCore core, IngestModule ingest, ExperimentsModule experiments,
                         PerformanceModule performance) {
        this.stats = new ServingStats(core.clock());
        this.settings = new ServingSettingsService(core.vertx(), core.database().settings(), core.catalog());
        // This node's own writes reach its serving caches before the writer's reply (the notices come later).
        CatalogAvailability availability = new CatalogAvailability(core.vertx(), core.database().catalog());
        ingest.catalog().onChange(availability::changed);
        PurchasedProducts purchases = new PurchasedProducts(core.vertx(), core.database().views());
        ingest.ingest().onIngested(purchases::ingested);
        this.serving = new ServingService(core.bindings(), core.models(), core.catalog(), core.servingPool(),
                availability, ingest.customerIds(), settings, purchases, stats, experiments.experiments(),
                performance.impressions());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> {
            new ServingResource(serving).register(routes);
            new ServingSettingsResource(settings).register(routes);
            new ServingStatsResource(stats).register(routes);
        });
        wiring.consumer(Addresses.RECOMMEND, serving::recommend);
        wiring.consumer(Addresses.FORECAST, serving::forecast);
    }

    public ServingSettingsService settings() {
        return settings;
    }

    public ServingService serving() {
        return serving;
    }
}
