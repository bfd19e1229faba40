package dev.merchantry.platform.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.jobs.JobOptions;
import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.SharedPostgres;
import dev.merchantry.platform.webhooks.WebhookOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Merchantry node in the test's JVM, for tests through the public contracts (REST, event bus, CLI): the
 * embedded database (or PostgreSQL) in a directory of its own, chosen plugins, an injectable clock, and an
 * {@link ApiClient} with the admin token at hand. Made with {@link #builder()}:
 * <pre>{@code
 * try (EmbeddedNode node = EmbeddedNode.builder().plugins("baselines").clock(clock).start()) {
 *     String key = node.createShop("acme");
 *     node.api().get("/api/v1/shops/acme/events/summary", key);
 * }
 * }</pre>
 * The node's directory holds {@code data/} and {@code plugins/}; it is a fresh temporary directory removed on
 * {@link #close()} unless the test gives its own with {@link Builder#dir}. {@link #restart()} stops and starts the
 * node on the same directory and database.
 */
public final class EmbeddedNode implements AutoCloseable {

    /** The admin token every embedded node installs unless the test sets another. */
    public static final String ADMIN_TOKEN = "embedded-admin-token-0123456789";
    /** The bundled plugin archives, built into the distribution before this module's tests run. */
    public static final Path BUNDLED_PLUGINS = Path.of("target", "merchantry", "plugins");
    /** How long {@link #awaitJob} waits for a training job. */
    public static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    private final NodeOptions options;
    private final Path dir;
    private final boolean ownsDir;
    private MerchantryNode node;
    private ApiClient api;

    private EmbeddedNode(NodeOptions options, Path dir, boolean ownsDir) {
        this.options = options;
        this.dir = dir;
        this.ownsDir = ownsDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stops the node if it runs and starts it again with the same options, directory and database. */
    public EmbeddedNode restart() {
        stop();
        node = MerchantryNode.start(options);
        api = new ApiClient(node.port());
        return this;
    }

    /** Stops the node (as {@code serve} does on SIGTERM) and keeps its directory, e.g. to read the database offline. */
    public void stop() {
        if (node != null) {
            MerchantryNode running = node;
            node = null;
            api = null;
            running.close();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownsDir) {
                delete(dir);
            }
        }
    }

    public boolean running() {
        return node != null;
    }

    /** The running node, for what only in-process tests reach (its Vert.x, database, node name). */
    public MerchantryNode node() {
        if (node == null) {
            throw new IllegalStateException("the node is stopped");
        }
        return node;
    }

    public int port() {
        return node().port();
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** A client of this node; a new one after each restart (the port changes when it was picked freely). */
    public ApiClient api() {
        node();
        return api;
    }

    public String adminToken() {
        return options.adminToken();
    }

    public NodeOptions options() {
        return options;
    }

    public Clock clock() {
        return options.clock();
    }

    public Vertx vertx() {
        return node().vertx();
    }

    public Database database() {
        return node().database();
    }

    public String nodeName() {
        return node().nodeName();
    }

    /** The node's directory: {@code data/} (embedded database) and {@code plugins/}. */
    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public Path pluginsDir() {
        return options.pluginsDir();
    }

    /** Creates a shop (as the admin) and returns its first API key, which has the {@code manage} scope. */
    public String createShop(String id) {
        return createShop(id, id);
    }

    public String createShop(String id, String name) {
        ApiClient.Response r = api().post("/api/v1/shops", adminToken(),
                new JsonObject().put("id", id).put("name", name).encode());
        if (r.status() != 201) {
            throw new AssertionError("creating shop " + id + ": " + r.status() + " " + r.body());
        }
        return r.json().getString("api_key");
    }

    /**
     * Waits until a training job reaches {@code state} and returns its JSON; fails at once if it fails (unless
     * {@code failed} is what the test waits for), or after {@link #JOB_TIMEOUT}.
     */
    public JsonObject awaitJob(String jobId, String state) {
        return Eventually.await(JOB_TIMEOUT, "job " + jobId + " is " + state, () -> {
            ApiClient.Response r = api().get("/api/v1/jobs/" + jobId, adminToken());
            if (r.status() != 200) {
                throw new AssertionError("GET /api/v1/jobs/" + jobId + ": " + r.status() + " " + r.body());
            }
            JsonObject job = r.json();
            if (!state.equals("failed") && "failed".equals(job.getString("state"))) {
                throw new AssertionError("job " + jobId + " failed: " + job.encode());
            }
            return job;
        }, job -> state.equals(job.getString("state")));
    }

    /** {@link #awaitJob awaitJob(jobId, "succeeded")}. */
    public JsonObject awaitJobSucceeded(String jobId) {
        return awaitJob(jobId, "succeeded");
    }

    /**
     * Hazelcast on loopback with TCP-IP join, for clusters of nodes in one JVM (FACTS.md, "Hazelcast on one
     * machine"): multicast and auto-detection off, no phone-home, no join delay, the default config's
     * {@code __vertx.*} structures kept. A unique {@code clusterName} keeps test classes apart.
     */
    public static Config loopbackHazelcast(String clusterName) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return config;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still held open by an exiting thread; the OS temp cleaner takes it
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }

    /** What the node is made of; every option has a default, so a test names only what it needs. */
    public static final class Builder {
        private final NodeOptions.Builder options = NodeOptions.builder().host("127.0.0.1").port(0)
                .adminToken(ADMIN_TOKEN);
        private Path dir;
        private Path pluginsDir;
        private boolean allBundled;
        private final List<String> bundled = new ArrayList<>();
        private final List<TestPluginBuilder> built = new ArrayList<>();
        private String postgresPrefix;
        private String postgresUrl;

        private Builder() {
        }

        /** The node's directory ({@code data/}, {@code plugins/}); kept after {@link #close()}. Default: a temp dir. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Copies these bundled plugins ({@code baselines}, {@code recommenders}, …) into the node's plugins. */
        public Builder plugins(String... bundledPlugins) {
            bundled.addAll(List.of(bundledPlugins));
            return this;
        }

        /** Builds these test plugins into the node's plugins directory before it starts. */
        public Builder plugins(TestPluginBuilder... testPlugins) {
            built.addAll(List.of(testPlugins));
            return this;
        }

        /** Every bundled plugin, as a distribution ships them. */
        public Builder withBundledPlugins() {
            allBundled = true;
            return this;
        }

        /** Loads plugins from this directory as it is, instead of the node's own {@code plugins/}. */
        public Builder pluginsDir(Path pluginsDir) {
            this.pluginsDir = pluginsDir;
            return this;
        }

        /** Seeds the demo shop, of the default size. */
        public Builder demo() {
            return demo(null);
        }

        /** Seeds the demo shop of this size (null: the default). */
        public Builder demo(DemoScale scale) {
            options.demo(scale);
            return this;
        }

        public Builder clock(Clock clock) {
            options.clock(clock);
            return this;
        }

        public Builder adminToken(String token) {
            options.adminToken(token);
            return this;
        }

        /** A fixed port (e.g. the same one across restarts); default 0, any free port. */
        public Builder port(int port) {
            options.port(port);
            return this;
        }

        public Builder http(HttpSettings settings) {
            options.http(settings);
            return this;
        }

        public Builder jobs(JobOptions jobs) {
            options.jobs(jobs);
            return this;
        }

        /** Webhook retries, timeouts and allowed targets (tests: private targets, short retry delays). */
        public Builder webhooks(WebhookOptions webhooks) {
            options.webhooks(webhooks);
            return this;
        }

        public Builder performance(dev.merchantry.platform.performance.PerformanceOptions performance) {
            options.performance(performance);
            return this;
        }

        /** A fresh database of its own on the shared embedded PostgreSQL, instead of the embedded SQLite. */
        public Builder postgres() {
            return postgres("node");
        }

        /** As {@link #postgres()}, the database named after {@code prefix}. */
        public Builder postgres(String prefix) {
            this.postgresPrefix = prefix;
            this.postgresUrl = null;
            return this;
        }

        /** This database of the shared PostgreSQL ({@link SharedPostgres#newDatabase}), e.g. shared by a cluster. */
        public Builder postgresUrl(String jdbcUrl) {
            this.postgresUrl = jdbcUrl;
            this.postgresPrefix = null;
            return this;
        }

        /** Runs the TCP event-bus bridge on any free port ({@link MerchantryNode#bridgePort()}). */
        public Builder bridge() {
            options.bridgePort(0);
            return this;
        }

        /** Joins the Hazelcast cluster of this name on loopback ({@link #loopbackHazelcast}). */
        public Builder cluster(String clusterName) {
            options.cluster(loopbackHazelcast(clusterName));
            return this;
        }

        /** Prepares the directory, plugins and database, and starts the node; blocks until it serves HTTP. */
        public EmbeddedNode start() {
            try {
                boolean owns = dir == null;
                Path home = owns ? Files.createTempDirectory("merchantry-node") : Files.createDirectories(dir);
                Path plugins = pluginsDir != null ? pluginsDir : Files.createDirectories(home.resolve("plugins"));
                copyBundled(plugins);
                for (TestPluginBuilder plugin : built) {
                    // Built aside (javac leaves class directories behind), so only the jar lands in plugins/.
                    Path jar = plugin.buildJar(Files.createDirectories(home.resolve("build")));
                    Files.move(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                options.dataDir(home.resolve("data")).pluginsDir(plugins);
                if (postgresPrefix != null) {
                    postgresUrl = SharedPostgres.newDatabase(postgresPrefix);
                    postgresPrefix = null;
                }
                if (postgresUrl != null) {
                    options.database(postgresUrl, SharedPostgres.USER, SharedPostgres.USER);
                }
                EmbeddedNode node = new EmbeddedNode(options.build(), home, owns);
                try {
                    return node.restart();
                } catch (RuntimeException e) {
                    node.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the node's directory", e);
            }
        }

        private void copyBundled(Path plugins) throws IOException {
            List<String> names = new ArrayList<>(bundled);
            if (allBundled) {
                try (Stream<Path> zips = Files.list(BUNDLED_PLUGINS)) {
                    zips.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip"))
                            .map(n -> n.substring(0, n.length() - 4)).sorted().forEach(names::add);
                }
            }
            for (String name : names) {
                Path zip = BUNDLED_PLUGINS.resolve(name + ".zip");
                if (!Files.isRegularFile(zip)) {
                    throw new IllegalStateException("bundled plugin " + zip.toAbsolutePath() + " is missing; build the"
                            + " module first (mvn -pl platform -am package -DskipTests)");
                }
                Files.copy(zip, plugins.resolve(name + ".zip"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
