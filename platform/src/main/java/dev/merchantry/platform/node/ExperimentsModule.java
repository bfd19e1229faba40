package dev.merchantry.platform.node;

import dev.merchantry.platform.experiments.ExperimentService;
import dev.merchantry.platform.http.ExperimentResource;

/** A/B experiments between strategies: the REST resource, and the assignments serving asks for. */
public final class ExperimentsModule implements NodeModule {

    private final ExperimentService experiments;

    public ExperimentsModule(NodeCore core) {
        this.experiments = new ExperimentService(core.vertx(), core.database().experiments(),
                core.database().models(), core.catalog(),
                core.bindings(), core.clock());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new ExperimentResource(experiments).register(routes));
    }

    public ExperimentService experiments() {
        return experiments;
    }
}
