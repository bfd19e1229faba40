package dev.merchantry.platform.tools.evaluation;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.StrategyMetrics;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigError;
import dev.merchantry.platform.plugins.ContextClassLoader;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.plugins.PluginForkPool;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginInfo;
import dev.merchantry.platform.plugins.PluginState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One strategy loaded from a plugins directory for offline evaluation, with its validated configuration. Close it to
 * unload the plugins. Calls into plugin code go through {@link #call} so the plugin's class loader is the thread
 * context class loader, as on a node, and forked work runs on the node's {@link PluginForkPool}.
 *
 * @param <S> the strategy interface of the requested kind
 */
public final class OfflineStrategy<S extends Strategy> implements AutoCloseable {

    private final PluginHost host;
    private final LoadedStrategy loaded;
    private final S strategy;
    private final Config config;
    private final Runnable afterClose;

    private OfflineStrategy(PluginHost host, LoadedStrategy loaded, S strategy, Config config, Runnable afterClose) {
        this.host = host;
        this.loaded = loaded;
        this.strategy = strategy;
        this.config = config;
        this.afterClose = afterClose;
    }

    /**
     * Like {@link #load} from the given plugin archives alone (e.g. the zip a plugin build just wrote), copied into a
     * private plugins directory that is deleted on {@link #close}.
     *
     * @throws EvaluationException naming {@code --plugin} when an archive is missing or not a .zip or .jar
     */
    public static <S extends Strategy> OfflineStrategy<S> loadArchives(List<Path> archives, String platformVersion,
                                                                      String id, StrategyKind kind, Class<S> type,
                                                                      Map<String, String> settings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("merchantry-evaluate-plugins");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runnable delete = () -> deleteTree(dir);
        try {
            for (Path archive : archives) {
                String name = archive.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (!Files.isRegularFile(archive) || !(name.endsWith(".zip") || name.endsWith(".jar"))) {
                    throw new EvaluationException("--plugin", archive + " is not a plugin archive (an existing .zip"
                            + " or .jar, e.g. target/<id>-<version>-plugin.zip)");
                }
                Files.copy(archive, dir.resolve(archive.getFileName()));
            }
            OfflineStrategy<S> loaded = load(dir, platformVersion, id, kind, type, settings);
            return new OfflineStrategy<>(loaded.host, loaded.loaded, loaded.strategy, loaded.config, delete);
        } catch (IOException e) {
            delete.run();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete.run();
            throw e;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    /**
     * Loads the plugins of {@code pluginsDir} and picks strategy {@code id} of {@code kind}, configured by its
     * defaults overridden by {@code settings} (raw strings, as typed after {@code --set}).
     *
     * @throws EvaluationException naming the unknown strategy (with the ids that exist), the wrong kind, or every
     *         invalid setting
     */
    public static <S extends Strategy> OfflineStrategy<S> load(Path pluginsDir, String platformVersion, String id,
                                                              StrategyKind kind, Class<S> type, Map<String, String> settings) {
        // Start the fork pool's threads from host code before any plugin loads, as a node does at start
        // (StrategyContexts): otherwise the first strategy to fork work started them, with its own code on the stack,
        // and paid their start and the method-handle linkage of the pool inside its fit (10–15 ms in a fresh JVM).
        PluginForkPool.executor();
        PluginHost host = new PluginHost(pluginsDir, platformVersion);
        try {
            host.loadAll();
            LoadedStrategy loaded = host.strategy(id).orElseThrow(() -> new EvaluationException("--strategy",
                    "no strategy '" + id + "' in " + pluginsDir + "; " + kind.wireName() + " strategies: "
                            + idsOf(host, kind) + failures(host)));
            StrategyDescriptor d = loaded.descriptor();
            if (d.kind() != kind || !type.isInstance(loaded.strategy())) {
                throw new EvaluationException("--strategy", "'" + id + "' is a " + d.kind().wireName()
                        + ", not a " + kind.wireName() + "; " + kind.wireName() + " strategies: " + idsOf(host, kind));
            }
            List<ConfigError> errors = d.configSpec().validate(settings);
            if (!errors.isEmpty()) {
                throw new EvaluationException("--set", errors.stream().map(e -> e.key() + ": " + e.message())
                        .collect(Collectors.joining("; ")));
            }
            Config config = d.configSpec().parse(settings);
            return new OfflineStrategy<>(host, loaded, type.cast(loaded.strategy()), config, () -> { });
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private static String idsOf(PluginHost host, StrategyKind kind) {
        String ids = host.strategies().stream().filter(s -> s.descriptor().kind() == kind)
                .map(s -> s.descriptor().id()).sorted().collect(Collectors.joining(", "));
        return ids.isEmpty() ? "(none)" : ids;
    }

    private static String failures(PluginHost host) {
        String failed = host.plugins().stream().filter(p -> p.state() == PluginState.FAILED)
                .map(PluginInfo::id).collect(Collectors.joining(", "));
        return failed.isEmpty() ? "" : " (plugins that failed to load: " + failed + ")";
    }

    public S strategy() {
        return strategy;
    }

    public StrategyDescriptor descriptor() {
        return loaded.descriptor();
    }

    /** The validated configuration, defaults filled in. */
    public Config config() {
        return config;
    }

    /** A context for shop {@code "offline"} with the given clock, no metrics and no other strategies. */
    public StrategyContext context(Clock clock) {
        Logger logger = LoggerFactory.getLogger("merchantry.strategy." + loaded.descriptor().id());
        return new StrategyContext() {
            @Override
            public String shopId() {
                return "offline";
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public Logger logger() {
                return logger;
            }

            @Override
            public StrategyMetrics metrics() {
                return StrategyMetrics.NOOP;
            }

            @Override
            public StrategyClient strategies() {
                return StrategyClient.NONE;
            }

            @Override
            public Executor executor() {
                return PluginForkPool.executor();
            }

            @Override
            public int parallelism() {
                return PluginForkPool.parallelism();
            }
        };
    }

    /** Runs plugin code with the plugin's class loader as context class loader. */
    public <T> T call(Callable<T> work) throws Exception {
        try (ContextClassLoader ignored = ContextClassLoader.use(loaded.classLoader())) {
            return work.call();
        }
    }

    @Override
    public void close() {
        try {
            host.close();
        } finally {
            afterClose.run();
        }
    }
}
