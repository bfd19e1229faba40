package dev.merchantry.platform.node;

import dev.merchantry.platform.http.ReplenishmentResource;
import dev.merchantry.platform.replenishment.ReplenishmentService;

/** Replenishment plans from the shop's forecasts, stock and lead times. */
public final class ReplenishmentModule implements NodeModule {

    private final ReplenishmentService replenishment;

    public ReplenishmentModule(NodeCore core) {
        this.replenishment = new ReplenishmentService(core.vertx(), core.bindings(), core.models(), core.catalog(),
                core.servingPool(), core.database().catalog(), core.database().settings(), core.clock());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new ReplenishmentResource(replenishment).register(routes));
    }
}
