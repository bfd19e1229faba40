package dev.merchantry.platform.node;

import dev.merchantry.platform.http.PricingResource;
import dev.merchantry.platform.pricing.PricingService;
import dev.merchantry.platform.service.Addresses;

/**
 * Pricing agents: decisions (REST and {@code merchantry.price}, by the product's experiment variant while a pricing
 * experiment runs), outcomes and the suggestions awaiting approval.
 */
public final class PricingModule implements NodeModule {

    private final NodeCore core;
    private final PricingService pricing;

    public PricingModule(NodeCore core, IngestModule ingest, ExperimentsModule experiments) {
        this.core = core;
        this.pricing = new PricingService(core.vertx(), core.database(), core.bindings(), core.catalog(),
                core.servingPool(), core.contexts(), ingest.catalog(), experiments.experiments(), core.clock());
        experiments.experiments().onListPriceShipped(pricing::restoreListPrices);
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new PricingResource(core.bus(), pricing).register(routes));
        wiring.consumer(Addresses.PRICE, pricing::decide);
    }

    public PricingService pricing() {
        return pricing;
    }
}
