package dev.merchantry.platform.node;

import dev.merchantry.platform.http.StrategyResource;
import dev.merchantry.platform.plugins.PluginListener;
import dev.merchantry.platform.strategies.ModelQuality;

import java.util.List;

/**
 * The strategy catalog and each shop's bindings over REST, the model-quality gauges, and keeping bindings and
 * models in step with plugins coming and going.
 */
public final class StrategiesModule implements NodeModule {

    private final NodeCore core;

    public StrategiesModule(NodeCore core) {
        this.core = core;
        NodeCore.await(new ModelQuality(core.vertx(), core.database().bindings(), core.database().models(),
                core.registry()).start());
        core.plugins().addListener(new PluginListener() {
            @Override
            public void strategiesRemoved(String pluginId, List<String> strategyIds) {
                // Leak fix, part 2: nothing keeps a plugin's objects once it goes away.
                core.models().dropPlugin(pluginId);
            }

            @Override
            public void strategiesAdded(String pluginId, List<String> strategyIds) {
                // Models trained by these strategies become loadable again; drop "not available" entries.
                core.bindings().invalidateAll();
                core.models().strategiesAdded();
            }
        });
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new StrategyResource(core.vertx(), core.catalog(), core.bindings()).register(routes));
    }
}
