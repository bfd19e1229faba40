package dev.merchantry.platform;

import dev.merchantry.platform.http.ConnectionGuard;
import dev.merchantry.platform.http.HttpApi;
import dev.merchantry.platform.http.HttpServerVerticle;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.node.AccountsModule;
import dev.merchantry.platform.node.BridgeModule;
import dev.merchantry.platform.node.ExperimentsModule;
import dev.merchantry.platform.node.IngestModule;
import dev.merchantry.platform.node.JobsModule;
import dev.merchantry.platform.node.NodeCore;
import dev.merchantry.platform.node.NodeWiring;
import dev.merchantry.platform.node.PerformanceModule;
import dev.merchantry.platform.node.PluginsModule;
import dev.merchantry.platform.node.PricingModule;
import dev.merchantry.platform.node.ProfilingModule;
import dev.merchantry.platform.node.ReplenishmentModule;
import dev.merchantry.platform.node.ServingModule;
import dev.merchantry.platform.node.ShopsModule;
import dev.merchantry.platform.node.StrategiesModule;
import dev.merchantry.platform.node.SystemModule;
import dev.merchantry.platform.node.WebhooksModule;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.shops.Shops;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.auth.Tokens;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: opens the {@link NodeCore} (Vert.x, database, plugins, pools), installs the node's features
 * — each a {@link dev.merchantry.platform.node.NodeModule} that registers its routes, event-bus consumers and
 * schedules through one {@link NodeWiring} — then serves HTTP from one server per event loop, and stops in reverse.
 */
public final class MerchantryNode implements AutoCloseable {

    /** Version of the platform, checked against each plugin's {@code plugin.requires}. */
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(MerchantryNode.class);

    private final NodeCore core;
    private final NodeWiring wiring;
    private final List<String> httpDeployments;
    private final int port;
    private final int bridgePort;
    private final Shops shops;
    private final String generatedAdminToken;
    private final String demoApiKey;
    private final String demoLogin;

    private MerchantryNode(NodeCore core, NodeWiring wiring, List<String> httpDeployments, int port, int bridgePort,
                           Shops shops, String generatedAdminToken, String demoApiKey, String demoLogin) {
        this.bridgePort = bridgePort;
        this.core = core;
        this.wiring = wiring;
        this.httpDeployments = httpDeployments;
        this.port = port;
        this.shops = shops;
        this.generatedAdminToken = generatedAdminToken;
        this.demoApiKey = demoApiKey;
        this.demoLogin = demoLogin;
    }

    /** Starts a node and blocks until it serves HTTP; throws {@link StartupException} with a one-line reason. */
    public static MerchantryNode start(NodeOptions options) {
        NodeCore core = null;
        NodeWiring wiring = null;
        List<String> httpDeployments = new ArrayList<>();
        try {
            core = NodeCore.open(options, VERSION);
            String generatedAdminToken = bootstrapAdmin(core.database(), options.adminToken(), core.clock());
            wiring = NodeWiring.of(core);
            // The port opens before demo seeding so /health can say "starting" instead of refusing connections.
            AtomicBoolean ready = new AtomicBoolean(!options.demo());

            // The node's features, in dependency order.
            wiring.install(new SystemModule(core, VERSION, ready::get));
            AccountsModule accounts = wiring.install(new AccountsModule(core));
            ShopsModule shops = wiring.install(new ShopsModule(core));
            wiring.install(new StrategiesModule(core));
            IngestModule ingest = wiring.install(new IngestModule(core));
            ExperimentsModule experiments = wiring.install(new ExperimentsModule(core));
            PerformanceModule performance = wiring.install(new PerformanceModule(core, ingest));
            ServingModule serving = wiring.install(new ServingModule(core, ingest, experiments, performance));
            JobsModule jobs = wiring.install(new JobsModule(core, ingest, serving, experiments));
            wiring.install(new PluginsModule(core, jobs));
            ProfilingModule profiling = wiring.install(new ProfilingModule(core, ingest, jobs));
            PricingModule pricing = wiring.install(new PricingModule(core, ingest, experiments));
            wiring.install(new ReplenishmentModule(core));
            wiring.install(new WebhooksModule(core, ingest));
            BridgeModule bridge = wiring.install(new BridgeModule(core, accounts));

            NodeWiring routes = wiring;
            Router router = HttpApi.router(core.vertx(), shops.shops()::require, accounts.authenticator(), ready::get,
                    routes::addRoutes);
            int port = serveHttp(core, options, router, httpDeployments);
            String demoApiKey = null;
            String demoLogin = null;
            if (options.demo()) {
                LOG.info("seeding the demo shop; /health answers 503 \"starting\" until it is ready");
                DemoShop.Seeded seeded = DemoShop.seed(shops.shops(), core.catalog(), core.database(),
                        ingest.ingest(), ingest.catalog(), pricing.pricing(), options.demoScale(), core.clock());
                demoApiKey = seeded.apiKey();
                demoLogin = DemoShop.seedMerchant(accounts.accounts());
                DemoShop.trainUntrained(core.database(), jobs.jobs());
                // The recent past (an experiment, past forecasts and churn risks) follows in the background.
                DemoReplay replay = DemoReplay.start(new DemoReplay.Services(core.vertx(), core.database(),
                        core.catalog(), jobs.jobs(), profiling.profiles().churnReplay(), experiments.experiments(),
                        serving.serving(), ingest.ingest(), performance.performance(), core.clock()),
                        options.demoScale(), seeded.generator());
                if (replay != null) {
                    wiring.onStop(replay::stop);
                }
                ready.set(true);
            }
            LOG.info("Merchantry {} node {} serving on http://{}:{}/ ({} strategies from {} plugins)", VERSION,
                    core.nodeName(), options.host(), port, core.plugins().strategies().size(),
                    core.plugins().plugins().size());
            return new MerchantryNode(core, wiring, httpDeployments, port, bridge.port(), shops.shops(),
                    generatedAdminToken, demoApiKey, demoLogin);
        } catch (RuntimeException | IOException e) {
            stop(core, wiring, httpDeployments);
            throw new StartupException(describe(e), e);
        }
    }

    /**
     * One server per event loop on one port: Vert.x shares the listening socket between servers asking for the same
     * host and port. For "any free port" (0) that takes a negative port: Vert.x binds a random port once and shares
     * it among servers asking for the same negative number. Returns the port.
     */
    private static int serveHttp(NodeCore core, NodeOptions options, Router router, List<String> deployments) {
        HttpSettings limits = options.httpSettings();
        ConnectionGuard guard = new ConnectionGuard(core.vertx(), limits);
        int bindPort = options.port() == 0 ? -1 : options.port();
        int port = -1;
        for (int i = 0; i < limits.eventLoops(); i++) {
            HttpServerVerticle server = new HttpServerVerticle(options.host(), bindPort, router, guard, limits);
            deployments.add(NodeCore.await(core.vertx().deployVerticle(server)));
            if (i == 0) {
                port = server.actualPort();
            } else if (server.actualPort() != port) {
                throw new IllegalStateException("HTTP server instance " + i + " listens on " + server.actualPort()
                        + " instead of " + port);
            }
        }
        return port;
    }

    /** HTTP first (no new requests), then the modules' stop hooks, then the core; safe on a partial start. */
    private static void stop(NodeCore core, NodeWiring wiring, List<String> httpDeployments) {
        if (core == null) {
            return;
        }
        try {
            for (String id : httpDeployments) {
                NodeCore.await(core.vertx().undeploy(id));
            }
        } catch (RuntimeException e) {
            LOG.warn("error while stopping HTTP: {}", e.getMessage());
        }
        if (wiring != null) {
            wiring.stop();
        }
        core.close();
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

    /** The TCP event-bus bridge's port, or -1 when the node runs none. */
    public int bridgePort() {
        return bridgePort;
    }

    public Vertx vertx() {
        return core.vertx();
    }

    /** Whether the demo shop's recent past has been replayed (what {@code serve --demo} does in the background). */
    public boolean demoReplayed() {
        return DemoShop.replayed(database());
    }

    public Database database() {
        return core.database();
    }

    public PluginHost plugins() {
        return core.plugins();
    }

    public String nodeName() {
        return core.nodeName();
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
        stop(core, wiring, httpDeployments);
    }
}
