package dev.merchantry.platform.cli;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options every {@code evaluate} subcommand shares ({@code @Mixin}): the strategy's settings, the output format and
 * where its plugin lives.
 */
final class EvaluationOptions {

    enum Format { table, json }

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "a configuration key of the strategy (repeatable); validated by its ConfigSpec")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "where to load strategies from (default: the distribution's plugins/)")
    Path pluginsDir;

    @Option(names = "--plugin", paramLabel = "ZIP",
            description = "load strategies from this plugin archive alone (repeatable), e.g. the zip your plugin's"
                    + " build wrote to target/; instead of --plugins-dir")
    List<Path> plugins = new ArrayList<>();

    /** Loads {@code id} as a strategy of {@code kind} with the {@code --set} settings. */
    <S extends Strategy> OfflineStrategy<S> load(String id, StrategyKind kind, Class<S> type) {
        if (!plugins.isEmpty()) {
            if (pluginsDir != null) {
                throw new EvaluationException("--plugin", "give either --plugin archives or --plugins-dir, not both");
            }
            return OfflineStrategy.loadArchives(plugins, MerchantryNode.VERSION, id, kind, type, settings);
        }
        Path dir = pluginsDir != null ? pluginsDir : Distribution.defaultPluginsDir();
        return OfflineStrategy.load(dir, MerchantryNode.VERSION, id, kind, type, settings);
    }

    boolean json() {
        return format == Format.json;
    }
}
