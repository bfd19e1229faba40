package dev.merchantry.platform;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.jobs.JobOptions;
import dev.merchantry.platform.webhooks.WebhookOptions;
import dev.merchantry.platform.performance.PerformanceOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How a node is started: the {@code serve} command's flags, plus what only code can give (a Hazelcast
 * {@code Config} object, a {@link Clock}). Immutable; made with {@link #builder()}, where every option has a
 * default, so a caller names only what it changes:
 * <pre>{@code
 * NodeOptions.builder().host("127.0.0.1").port(0).dataDir(dir).pluginsDir(plugins).adminToken(token).build()
 * }</pre>
 */
public final class NodeOptions {

    /** The {@code serve} defaults. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Path DEFAULT_PLUGINS_DIR = Path.of("plugins");

    private final String host;
    private final int port;
    private final Path dataDir;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final Path pluginsDir;
    private final boolean cluster;
    private final Path clusterConfig;
    private final com.hazelcast.config.Config hazelcastConfig;
    private final boolean demo;
    private final DemoScale demoScale;
    private final String adminToken;
    private final HttpSettings httpSettings;
    private final JobOptions jobs;
    private final WebhookOptions webhooks;
    private final PerformanceOptions performance;
    private final Clock clock;
    private final Integer bridgePort;

    private NodeOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.dbUrl = b.dbUrl;
        this.dbUser = b.dbUser;
        this.dbPassword = b.dbPassword;
        this.pluginsDir = b.pluginsDir;
        this.cluster = b.cluster;
        this.clusterConfig = b.clusterConfig;
        this.hazelcastConfig = b.hazelcastConfig;
        this.demo = b.demo;
        this.demoScale = b.demoScale;
        this.adminToken = b.adminToken;
        this.httpSettings = b.httpSettings != null ? b.httpSettings : HttpSettings.defaults();
        this.jobs = b.jobs != null ? b.jobs : new JobOptions();
        this.webhooks = b.webhooks != null ? b.webhooks : new WebhookOptions();
        this.performance = b.performance != null ? b.performance : PerformanceOptions.defaults();
        this.clock = b.clock;
        this.bridgePort = b.bridgePort;
    }

    /** Options with every default: {@code serve} without flags. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to derive others (e.g. the same node on another port). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.dataDir = dataDir;
        b.dbUrl = dbUrl;
        b.dbUser = dbUser;
        b.dbPassword = dbPassword;
        b.pluginsDir = pluginsDir;
        b.cluster = cluster;
        b.clusterConfig = clusterConfig;
        b.hazelcastConfig = hazelcastConfig;
        b.demo = demo;
        b.demoScale = demoScale;
        b.adminToken = adminToken;
        b.httpSettings = httpSettings;
        b.jobs = jobs;
        b.webhooks = webhooks;
        b.performance = performance;
        b.clock = clock;
        b.bridgePort = bridgePort;
        return b;
    }

    /** Interface to listen on. */
    public String host() {
        return host;
    }

    /** HTTP port; 0 picks a free one (tests). */
    public int port() {
        return port;
    }

    /** Where the embedded database lives; ignored when {@link #dbUrl()} is set. */
    public Path dataDir() {
        return dataDir;
    }

    /** JDBC URL of a shared database (PostgreSQL), or null for the embedded one. */
    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    /** Directory the plugins are loaded from. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /** Join a Hazelcast cluster. */
    public boolean cluster() {
        return cluster;
    }

    /** Hazelcast XML/YAML config file, or null for the default (ignored when {@link #hazelcastConfig()} is set). */
    public Path clusterConfig() {
        return clusterConfig;
    }

    /** A Hazelcast configuration built in code (tests, embedding), or null. */
    public com.hazelcast.config.Config hazelcastConfig() {
        return hazelcastConfig;
    }

    /** Seed the demo shop on start. */
    public boolean demo() {
        return demo;
    }

    /** Size of the demo shop's generated history; null for the default. */
    public DemoScale demoScale() {
        return demoScale;
    }

    /** Admin token to install (MERCHANTRY_ADMIN_TOKEN), or null to generate one on first start. */
    public String adminToken() {
        return adminToken;
    }

    /** Event loops, connection cap and timeouts of the HTTP server. */
    public HttpSettings httpSettings() {
        return httpSettings;
    }

    /** Leases and queue limit of training jobs. */
    public JobOptions jobs() {
        return jobs;
    }

    /** Retries, timeouts and allowed targets of webhook deliveries. */
    public WebhookOptions webhooks() {
        return webhooks;
    }

    /** Attribution window and impression retention of the outcome reports. */
    public PerformanceOptions performance() {
        return performance;
    }

    /** Port of the TCP event-bus bridge (0: any free one), or null when the node runs none. */
    public Integer bridgePort() {
        return bridgePort;
    }

    /** The clock every service of the node reads the time from. */
    public Clock clock() {
        return clock;
    }

    /** Secrets (admin token, database password) are left out. */
    @Override
    public String toString() {
        return "NodeOptions{host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + dbUrl
                + ", pluginsDir=" + pluginsDir + ", cluster=" + cluster + ", clusterConfig=" + clusterConfig
                + ", demo=" + demo + ", demoScale=" + demoScale + ", httpSettings=" + httpSettings + ", bridgePort=" + bridgePort + ", clock=" + clock
                + "}";
    }

    /** Fluent setters over the defaults; {@link #build()} makes the immutable options. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDir = DEFAULT_DATA_DIR;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private Path pluginsDir = DEFAULT_PLUGINS_DIR;
        private boolean cluster;
        private Path clusterConfig;
        private com.hazelcast.config.Config hazelcastConfig;
        private boolean demo;
        private DemoScale demoScale;
        private String adminToken;
        private HttpSettings httpSettings;
        private JobOptions jobs;
        private WebhookOptions webhooks;
        private PerformanceOptions performance;
        private Clock clock = Clock.systemUTC();
        private Integer bridgePort;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** A shared database (PostgreSQL) with its credentials, instead of the embedded one. */
        public Builder database(String url, String user, String password) {
            this.dbUrl = url;
            this.dbUser = user;
            this.dbPassword = password;
            return this;
        }

        public Builder pluginsDir(Path pluginsDir) {
            this.pluginsDir = Objects.requireNonNull(pluginsDir, "pluginsDir");
            return this;
        }

        /** Joins a Hazelcast cluster configured from {@code configFile}, or the default (multicast) if null. */
        public Builder cluster(Path configFile) {
            this.cluster = true;
            this.clusterConfig = configFile;
            return this;
        }

        /** Joins a Hazelcast cluster configured in code. */
        public Builder cluster(com.hazelcast.config.Config config) {
            this.cluster = true;
            this.hazelcastConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Seeds the demo shop on first start, of the given size (null: the default). */
        public Builder demo(DemoScale scale) {
            this.demo = true;
            this.demoScale = scale;
            return this;
        }

        public Builder adminToken(String adminToken) {
            this.adminToken = adminToken;
            return this;
        }

        /** HTTP event loops, connection cap and timeouts; null for the defaults. */
        public Builder http(HttpSettings settings) {
            this.httpSettings = settings;
            return this;
        }

        /** Job leases and queue limit; null for the defaults. */
        public Builder jobs(JobOptions jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder performance(PerformanceOptions performance) {
            this.performance = performance;
            return this;
        }

        /** Runs the TCP event-bus bridge on {@code port} (0: any free port; null: no bridge, the default). */
        public Builder bridgePort(Integer port) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("bridge port must be between 0 and 65535, got " + port);
            }
            this.bridgePort = port;
            return this;
        }

        /** Webhook retries, timeouts and allowed targets; null for the defaults. */
        public Builder webhooks(WebhookOptions webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        /**
         * Lets webhooks point at loopback, private and link-local addresses ({@code serve --allow-private-webhooks}):
         * for tests and receivers on the node's own network.
         */
        public Builder allowPrivateWebhooks(boolean allow) {
            if (webhooks == null) {
                webhooks = new WebhookOptions();
            }
            webhooks.setAllowPrivateTargets(allow);
            return this;
        }

        /** What the node's services take as the current time (tests move it by hand). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public NodeOptions build() {
            if (dbUrl == null && dataDir == null) {
                throw new IllegalStateException("a node needs a data directory or a database URL");
            }
            return new NodeOptions(this);
        }
    }
}
