package dev.merchantry.platform;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.jobs.JobOptions;

import java.nio.file.Path;

/**
 * How a node is started; the {@code serve} command's flags.
 *
 * @param port HTTP port (0 picks a free one, for tests)
 * @param dataDir where the embedded database lives (ignored when {@code dbUrl} is set)
 * @param dbUrl JDBC URL of a shared database (PostgreSQL), or null for the embedded one
 * @param pluginsDir directory the plugins are loaded from
 * @param cluster join a Hazelcast cluster
 * @param clusterConfig Hazelcast XML/YAML config file, or null for the default
 * @param demo seed the demo shop on start
 * @param adminToken admin token to install (MERCHANTRY_ADMIN_TOKEN), or null to generate one on first start
 * @param demoScale size of the demo shop's generated history (with {@code demo}); null for the default
 * @param httpSettings event loops, connection cap and timeouts of the HTTP server; null for the defaults
 * @param jobs leases and queue limit of training jobs; null for the defaults
 */
public record NodeOptions(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                          Path pluginsDir, boolean cluster, Path clusterConfig, boolean demo, String adminToken,
                          com.hazelcast.config.Config hazelcastConfig, DemoScale demoScale, HttpSettings httpSettings,
                          JobOptions jobs) {

    public NodeOptions {
        httpSettings = httpSettings == null ? HttpSettings.defaults() : httpSettings;
        jobs = jobs == null ? new JobOptions() : jobs;
    }

    /** With the default HTTP settings and job options. */
    public NodeOptions(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                       Path pluginsDir, boolean cluster, Path clusterConfig, boolean demo, String adminToken,
                       com.hazelcast.config.Config hazelcastConfig, DemoScale demoScale) {
        this(host, port, dataDir, dbUrl, dbUser, dbPassword, pluginsDir, cluster, clusterConfig, demo, adminToken,
                hazelcastConfig, demoScale, null, null);
    }

    /** The same options with other HTTP settings. */
    public NodeOptions withHttp(HttpSettings settings) {
        return new NodeOptions(host, port, dataDir, dbUrl, dbUser, dbPassword, pluginsDir, cluster, clusterConfig,
                demo, adminToken, hazelcastConfig, demoScale, settings, jobs);
    }

    /** The same options with these job leases and queue limit. */
    public NodeOptions withJobs(JobOptions jobOptions) {
        return new NodeOptions(host, port, dataDir, dbUrl, dbUser, dbPassword, pluginsDir, cluster, clusterConfig,
                demo, adminToken, hazelcastConfig, demoScale, httpSettings, jobOptions);
    }

    public NodeOptions withPort(int newPort) {
        return new NodeOptions(host, newPort, dataDir, dbUrl, dbUser, dbPassword, pluginsDir, cluster, clusterConfig,
                demo, adminToken, hazelcastConfig, demoScale, httpSettings, jobs);
    }

    /** The same options with the demo shop seeded at {@code scale}. */
    public NodeOptions withDemo(DemoScale scale) {
        return new NodeOptions(host, port, dataDir, dbUrl, dbUser, dbPassword, pluginsDir, cluster, clusterConfig,
                true, adminToken, hazelcastConfig, scale, httpSettings, jobs);
    }
}
