package dev.merchantry.platform.node;

import dev.merchantry.platform.http.PluginResource;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.strategies.PluginChanges;

/** Installing, upgrading and removing plugins over REST, with the retraining an upgrade calls for. */
public final class PluginsModule implements NodeModule {

    private final NodeCore core;
    private final PluginChanges changes;

    public PluginsModule(NodeCore core, JobsModule jobs) {
        this.core = core;
        this.changes = new PluginChanges(core.vertx(), core.plugins(), core.database().bindings(),
                core.database().models(), core.models(), (shop, kind, strategy, actor) ->
                        jobs.jobs().refresh(shop, kind, strategy, actor).map(job -> job.map(Job::id)),
                core.registry());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new PluginResource(core.plugins(), changes).register(routes));
    }
}
