package dev.merchantry.platform.cli;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /** Loads {@code id} as a strategy of {@code kind} with the {@code --set} settings. */
    <S extends Strategy> OfflineStrategy<S> load(String id, StrategyKind kind, Class<S> type) {
        Path dir = pluginsDir != null ? pluginsDir : Distribution.defaultPluginsDir();
        return OfflineStrategy.load(dir, MerchantryNode.VERSION, id, kind, type, settings);
    }

    boolean json() {
        return format == Format.json;
    }
}
