package dev.merchantry.platform.node;

import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.bus.BusEndpoints;
import dev.merchantry.platform.bus.BusStrategyClient;
import dev.merchantry.platform.plugins.EventLoopWarmup;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyContexts;
import dev.merchantry.platform.strategies.StrategyInvoker;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every feature module stands on: Vert.x (clustered or not) with metrics, the database, the plugin host, the
 * thread pools plugin code runs on, the strategy catalog, bindings and active models, and the event-bus endpoints.
 * Opened in the order the class-loader leak fix needs (event loops exist before any plugin is loaded) and closed in
 * reverse.
 */
public final class NodeCore implements AutoCloseable {

    /** The Hazelcast member attribute that carries a member's node name ({@link #nodeName()}). */
    static final String NODE_NAME_ATTRIBUTE = "merchantry.node";

    private final NodeOptions options;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private Vertx vertx;
    private HazelcastClusterManager clusterManager;
    private String nodeName;
    private Database database;
    private PluginHost plugins;
    private StrategyInvoker servingPool;
    private StrategyInvoker trainingPool;
    private StrategyInvoker refreshPool;
    private StrategyCatalog catalog;
    private BindingService bindings;
    private ActiveModels models;
    private BusEndpoints bus;
    private StrategyContexts contexts;

    private NodeCore(NodeOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Opens everything; on a failure closes what was opened and rethrows. */
    public static NodeCore open(NodeOptions options, String platformVersion) throws IOException {
        NodeCore core = new NodeCore(options);
        try {
            core.start(platformVersion);
            return core;
        } catch (IOException | RuntimeException e) {
            core.close();
            throw e;
        }
    }

    private void start(String platformVersion) throws IOException {
        bindJvmMetrics(registry);
        // HTTP server metrics carry the matched route template (not the raw path: ids would explode the series).
        VertxBuilder vb = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE)))
                .withMetrics(new MicrometerMetricsFactory(registry));
        nodeName = nodeName(options);
        if (options.cluster()) {
            com.hazelcast.config.Config config = hazelcastConfig(options);
            // Peers read it when this member leaves, to take over the jobs held under this name.
            config.getMemberAttributeConfig().setAttribute(NODE_NAME_ATTRIBUTE, nodeName);
            clusterManager = new HazelcastClusterManager(config);
            vb.withClusterManager(clusterManager);
            vertx = await(vb.buildClustered());
        } else {
            vertx = vb.build();
        }
        // Leak fix, part 1: every event-loop thread exists before plugin code can run (FACTS.md).
        EventLoopWarmup.prestartEventLoops(vertx);

        database = Database.open(options.dbUrl() != null
                ? DatabaseOptions.url(options.dbUrl(), options.dbUser(), options.dbPassword())
                : DatabaseOptions.embedded(options.dataDir()));

        Files.createDirectories(options.pluginsDir());
        plugins = PluginHost.forNode(options.pluginsDir(), platformVersion, registry);
        plugins.loadAll();

        int cores = Runtime.getRuntime().availableProcessors();
        servingPool = new StrategyInvoker(vertx, "serving", Math.max(4, 2 * cores), 10_000);
        trainingPool = new StrategyInvoker(vertx, "training", Math.max(1, cores / 2), 1_000);
        refreshPool = new StrategyInvoker(vertx, "refresh", 1, 1_000);
        catalog = new StrategyCatalog(plugins);
        bindings = new BindingService(vertx, database.bindings(), catalog);
        models = new ActiveModels(vertx, database.models(), catalog, servingPool);
        bus = new BusEndpoints(vertx);
        BusEndpoints busRef = bus;
        contexts = new StrategyContexts(clock, registry, shop -> new BusStrategyClient(busRef, shop));
    }

    /** JVM memory, GC, threads, class loading, CPU and uptime, as operations.md promises. */
    private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private static com.hazelcast.config.Config hazelcastConfig(NodeOptions options) throws IOException {
        if (options.hazelcastConfig() != null) {
            return options.hazelcastConfig();
        }
        if (options.clusterConfig() != null) {
            Path file = options.clusterConfig();
            if (!Files.isReadable(file)) {
                throw new IOException("cluster config " + file + " is not a readable file");
            }
            String name = file.getFileName().toString();
            return name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new com.hazelcast.config.FileSystemYamlConfig(file.toFile())
                    : new com.hazelcast.config.FileSystemXmlConfig(file.toFile());
        }
        return ConfigUtil.loadConfig();
    }

    private static String nodeName(NodeOptions options) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        // Port 0 (tests) picks a free port after the name is needed; the name must still tell the nodes of one host
        // apart, or one node's restart would re-queue the jobs another is running.
        return host + ":" + (options.port() != 0 ? String.valueOf(options.port())
                : "0-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Waits for a start-up step (two minutes at most): start-up is sequential by nature. */
    public static <T> T await(Future<T> future) {
        CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
        try {
            return cf.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting");
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out while starting");
        }
    }

    /** Closes in reverse order of opening; safe on a partly opened core. */
    @Override
    public void close() {
        if (bus != null) {
            try {
                await(bus.close());
            } catch (RuntimeException ignored) {
                // the consumers go away with Vert.x anyway
            }
        }
        if (servingPool != null) {
            servingPool.close();
        }
        if (trainingPool != null) {
            trainingPool.close();
        }
        if (refreshPool != null) {
            refreshPool.close();
        }
        if (plugins != null) {
            plugins.close();
        }
        if (database != null) {
            database.close();
        }
        if (vertx != null) {
            try {
                await(vertx.close());
            } catch (RuntimeException ignored) {
                // nothing more to release
            }
        }
    }

    public NodeOptions options() {
        return options;
    }

    public Clock clock() {
        return clock;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * The number of cluster members this node sees (itself included), read from Hazelcast's local member list (no
     * network call; 0 once this node has left), or null when the node is not clustered.
     */
    public java.util.function.IntSupplier clusterMembers() {
        HazelcastClusterManager manager = clusterManager;
        return manager == null ? null : () -> {
            try {
                return manager.getNodes().size();
            } catch (RuntimeException e) {
                return 0; // Hazelcast already shut down: this node is leaving
            }
        };
    }

    /**
     * Calls {@code listener} with the node name of each other member the cluster drops (killed, crashed, cut off
     * or stopped), on a Hazelcast event thread; nothing when the node is not clustered.
     */
    public void onMemberLeft(java.util.function.Consumer<String> listener) {
        if (clusterManager == null) {
            return;
        }
        clusterManager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing to do: a new member takes jobs as they are announced
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String name = event.getMember().getAttribute(NODE_NAME_ATTRIBUTE);
                // A node restarted under the same name before the cluster dropped its old member holds its jobs
                // again: they are not the departed member's.
                boolean back = event.getMembers().stream()
                        .anyMatch(m -> name != null && name.equals(m.getAttribute(NODE_NAME_ATTRIBUTE)));
                if (name != null && !name.equals(nodeName) && !back) {
                    listener.accept(name);
                }
            }
        });
    }

    public String nodeName() {
        return nodeName;
    }

    public Database database() {
        return database;
    }

    public PluginHost plugins() {
        return plugins;
    }

    public StrategyInvoker servingPool() {
        return servingPool;
    }

    public StrategyInvoker trainingPool() {
        return trainingPool;
    }

    public StrategyInvoker refreshPool() {
        return refreshPool;
    }

    public StrategyCatalog catalog() {
        return catalog;
    }

    public BindingService bindings() {
        return bindings;
    }

    public ActiveModels models() {
        return models;
    }

    public BusEndpoints bus() {
        return bus;
    }

    public StrategyContexts contexts() {
        return contexts;
    }
}
