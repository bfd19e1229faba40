package dev.merchantry.platform.node;

import dev.merchantry.platform.http.SystemResource;

import java.util.function.BooleanSupplier;

/** What an operator asks the node itself: {@code /health}, {@code /metrics}, version and cluster. */
public final class SystemModule implements NodeModule {

    private final NodeCore core;
    private final String version;
    private final BooleanSupplier ready;

    /** {@code ready}: false while the node is still seeding or migrating ({@code /health} says "starting"). */
    public SystemModule(NodeCore core, String version, BooleanSupplier ready) {
        this.core = core;
        this.version = version;
        this.ready = ready;
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new SystemResource(core.vertx(), core.database(), core.plugins(), core.registry(),
                core.nodeName(), core.clusterMembers(), version, ready).register(routes));
    }
}
