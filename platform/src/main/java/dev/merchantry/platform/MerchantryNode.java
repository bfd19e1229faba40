package dev.merchantry.platform;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.ApiKeys;
import dev.merchantry.platform.auth.Authenticator;
import dev.merchantry.platform.auth.LoginThrottle;
import dev.merchantry.platform.auth.PasswordHasher;
import dev.merchantry.platform.auth.Tokens;
import dev.merchantry.platform.bus.BusEndpoints;
import dev.merchantry.platform.bus.BusStrategyClient;
import dev.merchantry.platform.catalog.CatalogAvailability;
import dev.merchantry.platform.customers.CustomerErasure;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.http.AudienceResource;
import dev.merchantry.platform.http.ConnectionGuard;
import dev.merchantry.platform.http.CustomerResource;
import dev.merchantry.platform.http.EventResource;
import dev.merchantry.platform.http.HttpApi;
import dev.merchantry.platform.http.HttpServerVerticle;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.http.ImportResource;
import dev.merchantry.platform.http.JobResource;
import dev.merchantry.platform.http.KeyResource;
import dev.merchantry.platform.http.PluginResource;
import dev.merchantry.platform.http.PricingResource;
import dev.merchantry.platform.http.ProductResource;
import dev.merchantry.platform.http.ProfileResource;
import dev.merchantry.platform.http.ReplenishmentResource;
import dev.merchantry.platform.http.ServingResource;
import dev.merchantry.platform.http.ServingSettingsResource;
import dev.merchantry.platform.http.ServingStatsResource;
import dev.merchantry.platform.http.SessionResource;
import dev.merchantry.platform.http.ShopResource;
import dev.merchantry.platform.http.StrategyResource;
import dev.merchantry.platform.http.SystemResource;
import dev.merchantry.platform.http.UserResource;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.ingest.DataSettingsService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.ingest.Pseudonymizer;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.jobs.RefreshScheduler;
import dev.merchantry.platform.plugins.EventLoopWarmup;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginListener;
import dev.merchantry.platform.pricing.PricingService;
import dev.merchantry.platform.profiles.ProfilesModule;
import dev.merchantry.platform.replenishment.ReplenishmentService;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.serving.PurchasedProducts;
import dev.merchantry.platform.serving.ServingService;
import dev.merchantry.platform.serving.ServingSettingsService;
import dev.merchantry.platform.serving.ServingStats;
import dev.merchantry.platform.shops.Shops;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.DatabaseShopData;
import dev.merchantry.platform.strategies.ModelQuality;
import dev.merchantry.platform.strategies.PluginChanges;
import dev.merchantry.platform.strategies.ShopDataSource;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyContexts;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: starts Vert.x (clustered or not) with metrics, the database, the plugin host, the
 * strategy services, the event-bus endpoints and the HTTP server, in the order the class-loader leak fix needs
 * (event loops exist before any plugin is loaded), and stops them in reverse.
 */
public final class MerchantryNode implements AutoCloseable {

    /** Version of the platform, checked against each plugin's {@code plugin.requires}. */
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(MerchantryNode.class);

    private final Vertx vertx;
    private final Database database;
    private final PluginHost plugins;
    private final StrategyInvoker servingPool;
    private final StrategyInvoker trainingPool;
    private final StrategyInvoker refreshPool;
    private final RefreshScheduler refresher;
    private final JobService jobs;
    private final int port;
    private final List<String> httpDeployments;
    private final BusEndpoints bus;
    private final String generatedAdminToken;
    private final String demoApiKey;
    private final String demoLogin;
    private final String nodeName;
    private final Shops shops;

    private MerchantryNode(Builder b) {
        this.vertx = b.vertx;
        this.database = b.database;
        this.plugins = b.plugins;
        this.servingPool = b.servingPool;
        this.trainingPool = b.trainingPool;
        this.refreshPool = b.refreshPool;
        this.refresher = b.refresher;
        this.jobs = b.jobs;
        this.port = b.port;
        this.httpDeployments = b.httpDeployments;
        this.bus = b.bus;
        this.generatedAdminToken = b.generatedAdminToken;
        this.demoApiKey = b.demoApiKey;
        this.demoLogin = b.demoLogin;
        this.nodeName = b.nodeName;
        this.shops = b.shops;
    }

    /** Mutable state while starting, so a failure half-way can close what was opened. */
    private static final class Builder {
        Vertx vertx;
        Database database;
        PluginHost plugins;
        StrategyInvoker servingPool;
        StrategyInvoker trainingPool;
        StrategyInvoker refreshPool;
        RefreshScheduler refresher;
        JobService jobs;
        int port;
        final List<String> httpDeployments = new java.util.ArrayList<>();
        BusEndpoints bus;
        String generatedAdminToken;
        String demoApiKey;
        String demoLogin;
        String nodeName;
        Shops shops;

        void closeQuietly() {
            try {
                for (String id : httpDeployments) {
                    await(vertx.undeploy(id));
                }
            } catch (Exception ignored) {
                // best effort while aborting a start
            }
            if (servingPool != null) {
                servingPool.close();
            }
            if (refresher != null) {
                refresher.stop();
            }
            if (jobs != null) {
                jobs.stop();
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
                } catch (Exception ignored) {
                    // best effort while aborting a start
                }
            }
        }
    }

    /** Starts a node and blocks until it serves HTTP; throws {@link StartupException} with a one-line reason. */
    public static MerchantryNode start(NodeOptions options) {
        Builder b = new Builder();
        Clock clock = options.clock();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            bindJvmMetrics(registry);
            // HTTP server metrics carry the matched route template (not the raw path: ids would explode the series).
            VertxBuilder vb = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                            .addLabels(io.vertx.micrometer.Label.HTTP_ROUTE, io.vertx.micrometer.Label.HTTP_METHOD,
                                    io.vertx.micrometer.Label.HTTP_CODE)))
                    .withMetrics(new MicrometerMetricsFactory(registry));
            if (options.cluster()) {
                vb.withClusterManager(new HazelcastClusterManager(hazelcastConfig(options)));
                b.vertx = await(vb.buildClustered());
            } else {
                b.vertx = vb.build();
            }
            // Leak fix, part 1: every event-loop thread exists before plugin code can run (FACTS.md).
            EventLoopWarmup.prestartEventLoops(b.vertx);
            b.nodeName = nodeName(options);

            b.database = Database.open(options.dbUrl() != null
                    ? DatabaseOptions.url(options.dbUrl(), options.dbUser(), options.dbPassword())
                    : DatabaseOptions.embedded(options.dataDir()));
            b.generatedAdminToken = bootstrapAdmin(b.database, options.adminToken(), clock);

            Files.createDirectories(options.pluginsDir());
            b.plugins = PluginHost.forNode(options.pluginsDir(), VERSION, registry);
            b.plugins.loadAll();

            int cores = Runtime.getRuntime().availableProcessors();
            b.servingPool = new StrategyInvoker(b.vertx, "serving", Math.max(4, 2 * cores), 10_000);
            b.trainingPool = new StrategyInvoker(b.vertx, "training", Math.max(1, cores / 2), 1_000);
            b.refreshPool = new StrategyInvoker(b.vertx, "refresh", 1, 1_000);
            StrategyCatalog catalog = new StrategyCatalog(b.plugins);
            BindingService bindings = new BindingService(b.vertx, b.database.bindings(), catalog);
            ActiveModels models = new ActiveModels(b.vertx, b.database.models(), catalog, b.servingPool);
            await(new ModelQuality(b.vertx, b.database.bindings(), b.database.models(), registry).start());
            b.plugins.addListener(new PluginListener() {
                @Override
                public void strategiesRemoved(String pluginId, List<String> strategyIds) {
                    // Leak fix, part 2: nothing keeps a plugin's objects once it goes away.
                    models.dropPlugin(pluginId);
                }

                @Override
                public void strategiesAdded(String pluginId, List<String> strategyIds) {
                    // Models trained by these strategies become loadable again; drop "not available" entries.
                    bindings.invalidateAll();
                    models.strategiesAdded();
                }
            });
            b.bus = new BusEndpoints(b.vertx);
            BusEndpoints busRef = b.bus;
            StrategyContexts contexts = new StrategyContexts(clock, registry,
                    shop -> new BusStrategyClient(busRef, shop));
            DataSettingsService dataSettings = new DataSettingsService(b.vertx, b.database.settings());
            Pseudonymizer pseudonymizer = new Pseudonymizer(b.database.settings());
            ShopDataSource data = new DatabaseShopData(b.database, dataSettings);
            ServingStats servingStats = new ServingStats(clock);
            ServingSettingsService servingSettings = new ServingSettingsService(b.vertx, b.database.settings(), catalog);
            ServingService serving = new ServingService(bindings, models, catalog, b.servingPool,
                    new CatalogAvailability(b.vertx, b.database.catalog()),
                    new CustomerIds(b.vertx, dataSettings, pseudonymizer), servingSettings,
                    new PurchasedProducts(b.vertx, b.database.views()), servingStats);
            b.bus.registerServing(serving);
            JobService jobs = new JobService(b.vertx, b.nodeName, b.database.jobs(), b.database.bindings(),
                    catalog, data, b.trainingPool, b.refreshPool, contexts, clock, Duration.ofHours(2),
                    options.jobs(), registry);
            b.jobs = jobs;
            int interrupted = await(jobs.start());
            if (interrupted > 0) {
                LOG.warn("{} training job(s) were interrupted when this node last stopped; re-queued", interrupted);
            }
            ReplenishmentService replenishment = new ReplenishmentService(b.vertx, bindings, models, catalog,
                    b.servingPool, b.database.catalog(), b.database.settings(), clock);
            b.refresher = new RefreshScheduler(b.vertx, jobs, b.database.bindings(), b.database.models(),
                    servingSettings, catalog, clock);
            b.refresher.start();
            b.shops = new Shops(b.vertx, b.database.shops(), b.database.credentials());
            IngestService ingest = new IngestService(b.vertx, b.database.events(), dataSettings, pseudonymizer,
                    clock, registry);
            CatalogService catalogService = new CatalogService(b.vertx, b.database.catalog(), clock);
            CustomerErasure erasure = new CustomerErasure(b.vertx, b.database.events(), pseudonymizer);
            b.bus.registerIngest(ingest, b.shops::require);
            Accounts accounts = new Accounts(b.database.users(), b.database.shops(), new PasswordHasher(),
                    new LoginThrottle(b.database.loginAttempts()), clock, registry);
            ProfilesModule profiles = ProfilesModule.start(b.vertx, b.database, models, catalog, b.trainingPool,
                    request -> busRef.request(Addresses.RECOMMEND, request), erasure,
                    new CustomerIds(b.vertx, dataSettings, pseudonymizer), jobs, b.nodeName, clock);
            b.bus.register(Addresses.PROFILE, profiles.profiles()::profile);
            PricingService pricing = new PricingService(b.vertx, b.database, bindings, catalog, b.servingPool, contexts,
                    catalogService, clock);
            b.bus.register(Addresses.PRICE, pricing::decide);
            // Expired sessions are useless; drop them hourly so the table stays small.
            b.vertx.setPeriodic(3_600_000, id -> b.vertx.executeBlocking(accounts::purgeExpiredSessions, false));
            // Login attempt counts of past windows are useless too (a flood of made-up emails adds rows).
            b.vertx.setPeriodic(300_000, id -> b.vertx.executeBlocking(accounts::purgeLoginAttempts, false));

            Authenticator authenticator = new Authenticator(b.vertx, b.database.credentials(), accounts);
            ApiKeys apiKeys = new ApiKeys(b.vertx, b.database.credentials(), authenticator);
            Shops shopsRef = b.shops;
            Builder ref = b;
            // The port opens before demo seeding so /health can say "starting" instead of refusing connections.
            AtomicBoolean ready = new AtomicBoolean(!options.demo());
            var router = HttpApi.router(b.vertx, shopsRef::require, authenticator, ready::get, routes -> {
                new SystemResource(ref.vertx, ref.database, ref.plugins, registry, ref.nodeName, options.cluster(), VERSION,
                        ready::get).register(routes);
                new PluginResource(ref.plugins, new PluginChanges(ref.vertx, ref.plugins,
                        ref.database.bindings(), ref.database.models(), models, (shop, kind, strategy, actor) ->
                                jobs.refresh(shop, kind, strategy, actor).map(job -> job.map(Job::id)), registry))
                        .register(routes);
                new ShopResource(shopsRef).register(routes);
                new KeyResource(apiKeys).register(routes);
                new StrategyResource(ref.vertx, catalog, bindings).register(routes);
                new JobResource(jobs).register(routes);
                new ServingResource(busRef).register(routes);
                new EventResource(ref.vertx, ingest, ref.database.events()).register(routes);
                new ProductResource(ref.vertx, catalogService, ref.database.views(), clock).register(routes);
                new ImportResource(ref.vertx, ingest, catalogService, clock).register(routes);
                new SessionResource(ref.vertx, accounts, authenticator).register(routes);
                new UserResource(ref.vertx, accounts, authenticator).register(routes);
                new CustomerResource(erasure, dataSettings).register(routes);
                new ServingSettingsResource(servingSettings).register(routes);
                new ServingStatsResource(servingStats).register(routes);
                new ReplenishmentResource(replenishment).register(routes);
                new ProfileResource(profiles.profiles()).register(routes);
                new AudienceResource(profiles.audiences()).register(routes);
                new PricingResource(busRef, pricing).register(routes);
            });
            HttpSettings limits = options.httpSettings();
            ConnectionGuard guard = new ConnectionGuard(b.vertx, limits);
            // One server per event loop on one port: Vert.x shares the listening socket between servers asking for
            // the same host and port. For "any free port" (0) that takes a negative port: Vert.x binds a random
            // port once and shares it among servers asking for the same negative number.
            int bindPort = options.port() == 0 ? -1 : options.port();
            HttpServerVerticle first = new HttpServerVerticle(options.host(), bindPort, router, guard, limits);
            b.httpDeployments.add(await(b.vertx.deployVerticle(first)));
            b.port = first.actualPort();
            for (int i = 1; i < limits.eventLoops(); i++) {
                HttpServerVerticle more = new HttpServerVerticle(options.host(), bindPort, router, guard, limits);
                b.httpDeployments.add(await(b.vertx.deployVerticle(more)));
                if (more.actualPort() != b.port) {
                    throw new IllegalStateException("HTTP server instance " + i + " listens on " + more.actualPort()
                            + " instead of " + b.port);
                }
            }
            if (options.demo()) {
                LOG.info("seeding the demo shop; /health answers 503 \"starting\" until it is ready");
                b.demoApiKey = DemoShop.seed(b.shops, catalog, b.database, ingest, catalogService, options.demoScale(),
                        clock);
                b.demoLogin = DemoShop.seedMerchant(accounts);
                DemoShop.trainUntrained(b.database, jobs);
                ready.set(true);
            }
            LOG.info("Merchantry {} node {} serving on http://{}:{}/ ({} strategies from {} plugins)", VERSION,
                    b.nodeName, options.host(), b.port, b.plugins.strategies().size(),
                    b.plugins.plugins().size());
            return new MerchantryNode(b);
        } catch (RuntimeException | IOException e) {
            b.closeQuietly();
            throw new StartupException(describe(e), e);
        }
    }

    /** JVM memory, GC, threads, class loading, CPU and uptime, as operations.md promises. */
    private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(registry);
    }

    /** A start failure with a message fit for a one-line CLI error. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Installs the admin credential: the given token (replacing generated ones) or, on a first start without one,
     * a generated token returned so it can be printed once. Only the hash is stored.
     */
    static String bootstrapAdmin(Database db, String configuredToken, Clock clock) {
        if (configuredToken != null && !configuredToken.isBlank()) {
            String hash = Tokens.hash(configuredToken.trim());
            if (db.credentials().findByHash(hash).filter(c -> c.role() == Credential.Role.ADMIN).isEmpty()) {
                db.credentials().removeAdmins();
                db.credentials().add(new Credential(hash, Credential.Role.ADMIN, null, "MERCHANTRY_ADMIN_TOKEN", clock.instant()));
            }
            return null;
        }
        if (db.credentials().anyAdmin()) {
            return null;
        }
        String token = Tokens.generate(Tokens.ADMIN_PREFIX);
        db.credentials().add(new Credential(Tokens.hash(token), Credential.Role.ADMIN, null, "generated", clock.instant()));
        return token;
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
                : "0-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    static <T> T await(io.vertx.core.Future<T> future) {
        CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
        try {
            return cf.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out while starting");
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        if (t instanceof java.net.BindException || t.getClass().getSimpleName().contains("Bind")) {
            return "cannot listen on the HTTP port: " + t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Database database() {
        return database;
    }

    public PluginHost plugins() {
        return plugins;
    }

    public String nodeName() {
        return nodeName;
    }

    /** The admin token generated by this start (first start without MERCHANTRY_ADMIN_TOKEN), else null. */
    public String generatedAdminToken() {
        return generatedAdminToken;
    }

    /** The demo shop's API key when this start created the demo shop, else null. */
    public String demoApiKey() {
        return demoApiKey;
    }

    /** With {@code --demo}: "email / password" of the demo merchant's console login, else null. */
    public String demoLogin() {
        return demoLogin;
    }

    public Shops shops() {
        return shops;
    }

    @Override
    public void close() {
        try {
            for (String id : httpDeployments) {
                await(vertx.undeploy(id));
            }
            await(bus.close());
        } catch (RuntimeException e) {
            LOG.warn("error while stopping HTTP: {}", e.getMessage());
        }
        refresher.stop();
        // Before the pools close: the jobs this node runs go back to the queue for the other nodes.
        jobs.stop();
        servingPool.close();
        trainingPool.close();
        refreshPool.close();
        plugins.close();
        database.close();
        await(vertx.close());
    }

}
