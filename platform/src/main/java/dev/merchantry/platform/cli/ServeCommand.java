package dev.merchantry.platform.cli;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.jobs.JobOptions;
import dev.merchantry.platform.webhooks.WebhookOptions;
import dev.merchantry.platform.performance.PerformanceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code merchantry serve}: runs a node until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a Merchantry node: REST API, event bus, plugins, training jobs, web console.")
final class ServeCommand implements Callable<Integer> {

    /** The bridge port of {@code serve --demo}, so the client examples work as written. */
    static final int DEMO_BRIDGE_PORT = 7001;

    @Option(names = "--host", defaultValue = NodeOptions.DEFAULT_HOST, description = "interface to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "" + NodeOptions.DEFAULT_PORT, description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "data",
            description = "directory of the embedded database (default ./${DEFAULT-VALUE}); ignored with --db-url")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL database, e.g. jdbc:postgresql://db:5432/merchantry")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:MERCHANTRY_DB_USER}", description = "database user (env MERCHANTRY_DB_USER)")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:MERCHANTRY_DB_PASSWORD}",
            description = "database password (prefer env MERCHANTRY_DB_PASSWORD)")
    String dbPassword;

    @Option(names = "--plugins-dir", description = "directory to load plugins from (default: the distribution's plugins/)")
    Path pluginsDir;

    @Option(names = "--cluster", description = "join a Hazelcast cluster (use a shared --db-url)")
    boolean cluster;

    @Option(names = "--cluster-config", description = "Hazelcast XML or YAML configuration file (default: multicast discovery)")
    Path clusterConfig;

    @Option(names = "--demo", description = "create the demo shop with the bundled strategies and a generated"
            + " history (docs/demo-data.md) on first start")
    boolean demo;

    @Option(names = "--demo-customers", defaultValue = "2000", description = "customers of the demo history (default ${DEFAULT-VALUE})")
    int demoCustomers;

    @Option(names = "--demo-products", defaultValue = "300", description = "products of the demo catalog (default ${DEFAULT-VALUE})")
    int demoProducts;

    @Option(names = "--demo-days", defaultValue = "730", description = "days of demo history (default ${DEFAULT-VALUE})")
    int demoDays;

    @Option(names = "--bridge-port", description = "serve the TCP event-bus bridge for other services on this port"
            + " (docs/event-bus.md; default: off, or 7001 with --demo)")
    Integer bridgePort;

    @Option(names = "--max-connections", description = "open HTTP connections at most; at the cap the longest-idle"
            + " one is closed to admit a new client (default: 10000, or 3/4 of the file-descriptor limit if fewer)")
    Integer maxConnections;

    @Option(names = "--http-event-loops", description = "event loops serving HTTP, each with its own server instance"
            + " on the shared port (default: one per core)")
    Integer eventLoops;

    @Option(names = "--idle-timeout", defaultValue = "30", description = "seconds an idle HTTP connection is kept"
            + " (default ${DEFAULT-VALUE})")
    int idleTimeoutSeconds;

    @Option(names = "--job-lease-seconds", defaultValue = "30", description = "how long a training job stays with a"
            + " node that stopped renewing its lease (renewed every sixth of it) before another node runs it"
            + " (default ${DEFAULT-VALUE})")
    int jobLeaseSeconds;

    @Option(names = "--max-queued-jobs", defaultValue = "1", description = "training jobs that may wait per shop and"
            + " strategy kind behind the running one; more answer 409 (default ${DEFAULT-VALUE})")
    int maxQueuedJobs;

    @Option(names = "--allow-private-webhooks", description = "let webhook URLs point at loopback, private and"
            + " link-local addresses (refused by default: the node itself calls them); for receivers on this host or"
            + " network")
    boolean allowPrivateWebhooks;

    @Option(names = "--webhook-first-retry-ms", defaultValue = "30000", description = "wait before a failed webhook"
            + " delivery's first retry; each further retry waits twice as long (up to an hour, with jitter), for 24"
            + " hours (default ${DEFAULT-VALUE})")
    long webhookFirstRetryMs;

    @Option(names = "--webhook-ca-file", paramLabel = "PEM", description = "verify https webhook receivers against"
            + " the certificates in this PEM file instead of the JVM's trusted authorities (for receivers whose"
            + " certificates an internal authority issued)")
    Path webhookCaFile;

    @Option(names = "--attribution-days", defaultValue = "7", description = "how long after a recommendation a"
            + " click, cart add or order still counts for it, in days (1-90, default ${DEFAULT-VALUE})")
    int attributionDays;

    @Option(names = "--impression-retention-days", defaultValue = "30", description = "days of served recommendation"
            + " lists kept raw; older days keep only their daily performance (at least the attribution days + 2,"
            + " default ${DEFAULT-VALUE})")
    int impressionRetentionDays;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        if (clusterConfig != null && !cluster) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--cluster-config needs --cluster");
        }
        DemoScale scale;
        try {
            scale = new DemoScale(demoCustomers, demoProducts, demoDays);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--demo-" + e.getMessage());
        }
        HttpSettings limits;
        try {
            HttpSettings defaults = HttpSettings.defaults();
            limits = new HttpSettings(maxConnections != null ? maxConnections : defaults.maxConnections(),
                    idleTimeoutSeconds, defaults.headerTimeoutMillis(),
                    eventLoops != null ? eventLoops : defaults.eventLoops());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (jobLeaseSeconds < 3 || jobLeaseSeconds > 3600) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--job-lease-seconds must be between 3 and 3600");
        }
        if (maxQueuedJobs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-queued-jobs must be at least 1");
        }
        if (webhookFirstRetryMs < 1 || webhookFirstRetryMs > WebhookOptions.DEFAULT_MAX_RETRY_DELAY.toMillis()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--webhook-first-retry-ms must be between 1 and " + WebhookOptions.DEFAULT_MAX_RETRY_DELAY.toMillis());
        }
        WebhookOptions webhooks = new WebhookOptions().setAllowPrivateTargets(allowPrivateWebhooks)
                .setFirstRetryDelay(Duration.ofMillis(webhookFirstRetryMs));
        try {
            webhooks.setTrustedCertificates(webhookCaFile);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--webhook-ca-file " + e.getMessage());
        }
        if (attributionDays < 1 || attributionDays > 90) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--attribution-days must be between 1 and 90");
        }
        PerformanceOptions performance;
        try {
            performance = new PerformanceOptions(Duration.ofDays(attributionDays), impressionRetentionDays,
                    PerformanceOptions.DEFAULT_COMPACT_EVERY);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--impression-retention-days: "
                    + e.getMessage());
        }
        JobOptions jobs = new JobOptions().setLease(Duration.ofSeconds(jobLeaseSeconds))
                .setHeartbeat(Duration.ofMillis(jobLeaseSeconds * 1000L / 6)).setMaxQueued(maxQueuedJobs);
        NodeOptions.Builder builder = NodeOptions.builder().host(host).port(port).dataDir(dataDir)
                .database(dbUrl, dbUser, dbPassword)
                .pluginsDir(pluginsDir != null ? pluginsDir : Distribution.defaultPluginsDir())
                .adminToken(System.getenv("MERCHANTRY_ADMIN_TOKEN")).http(limits).jobs(jobs).webhooks(webhooks)
                .performance(performance);
        if (cluster) {
            builder.cluster(clusterConfig);
        }
        if (bridgePort != null && (bridgePort < 1 || bridgePort > 65535)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--bridge-port must be between 1 and 65535");
        }
        builder.bridgePort(bridgePort != null ? bridgePort : demo ? Integer.valueOf(DEMO_BRIDGE_PORT) : null);
        if (demo) {
            builder.demo(scale);
        }
        NodeOptions options = builder.build();
        MerchantryNode node = MerchantryNode.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "merchantry-shutdown"));
        out.printf("Merchantry %s listening on http://localhost:%d/  (node %s)%n", MerchantryNode.VERSION, node.port(),
                node.nodeName());
        if (node.generatedAdminToken() != null) {
            out.println();
            out.println("  Admin token (shown only once; stored hashed — set MERCHANTRY_ADMIN_TOKEN to choose your own):");
            out.println("    " + node.generatedAdminToken());
            out.println();
        }
        if (node.demoLogin() != null) {
            out.printf("  Console: http://localhost:%d/  log in as %s (demo merchant of shop 'demo')%n", node.port(),
                    node.demoLogin());
        }
        if (node.bridgePort() > 0) {
            out.printf("  Event-bus bridge: tcp://localhost:%d  (clients/python, clients/node; docs/event-bus.md)%n",
                    node.bridgePort());
        }
        if (node.demoApiKey() != null) {
            out.println("  Demo shop 'demo' created; its API key (shown only once): " + node.demoApiKey());
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
