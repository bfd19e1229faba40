package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginState;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.PrometheusScrapingHandler;


/** Operator endpoints: {@code /health}, Prometheus {@code /metrics}, and the {@code /openapi.json} document. */
public final class SystemResource {

    /** What /health answers (200 up, 503 otherwise). */
    static final Schema HEALTH = Schema.object("Health")
            .required("status", Schema.enumOf("up", "starting", "down"))
            .required("node", Schema.string())
            .required("version", Schema.string())
            .required("clustered", Schema.bool())
            .required("database", Schema.enumOf("up", "down"))
            .required("plugins", Schema.object()
                    .required("started", Schema.integer())
                    .required("failed", Schema.integer()))
            .required("strategies", Schema.integer())
            .optional("cluster_members", Schema.integer().min(0)
                    .doc("members of the cluster this node sees, itself included (clustered nodes only)"))
            .optional("reason", Schema.string().doc("why it is not up"));

    private final Vertx vertx;
    private final Database database;
    private final PluginHost plugins;
    private final PrometheusMeterRegistry registry;
    private final String node;
    /** This node's count of cluster members (itself included), or null when the node is not clustered. */
    private final java.util.function.IntSupplier clusterMembers;
    private final String version;

    /** How long /health waits for its probe write to commit before calling the database down. */
    static final long PROBE_TIMEOUT_MS = 2_000;

    private final java.util.function.BooleanSupplier ready;

    public SystemResource(Vertx vertx, Database database, PluginHost plugins, PrometheusMeterRegistry registry,
                          String node, java.util.function.IntSupplier clusterMembers, String version,
                          java.util.function.BooleanSupplier ready) {
        this.ready = ready;
        this.vertx = vertx;
        this.database = database;
        this.plugins = plugins;
        this.registry = registry;
        this.node = node;
        this.clusterMembers = clusterMembers;
        this.version = version;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/health", Access.PUBLIC,
                "Liveness and readiness: database reachable, plugins loaded").tag("system")
                        .response(HEALTH).response(503, HEALTH.doc("starting, or the database is down")),
                ctx -> vertx.executeBlocking(() -> {
                    // "up" means the database just committed a write, not merely that a connection opened: a store
                    // that cannot commit must not look healthy to a load balancer or supervisor.
                    DatabaseHealth db = database.checkHealth(node, PROBE_TIMEOUT_MS);
                    boolean starting = !ready.getAsBoolean();
                    long started = plugins.plugins().stream().filter(p -> p.state() == PluginState.STARTED).count();
                    long failed = plugins.plugins().stream().filter(p -> p.state() == PluginState.FAILED).count();
                    String status = !db.up() ? "down" : starting ? "starting" : "up";
                    JsonObject body = new JsonObject().put("status", status).put("node", node)
                            .put("version", version).put("clustered", clusterMembers != null)
                            .put("database", db.up() ? "up" : "down")
                            .put("plugins", new JsonObject().put("started", started).put("failed", failed))
                            .put("strategies", plugins.strategies().size());
                    if (clusterMembers != null) {
                        // This node's view: a dead peer still counts until failure detection drops it.
                        body.put("cluster_members", clusterMembers.getAsInt());
                    }
                    if (!db.up()) {
                        body.put("reason", db.reason());
                    } else if (starting) {
                        body.put("reason", "seeding or migrating data");
                    }
                    return new Reply("up".equals(status) ? 200 : 503, body, "application/json");
                }, false));
        routes.handleRaw(ApiRoutes.op(HttpMethod.GET, "/metrics", Access.PUBLIC,
                "Prometheus metrics (HTTP, event bus, JVM, strategies)").tag("system")
                        .produces("text/plain; version=0.0.4")
                        .response(Schema.string().doc("Prometheus text exposition format")),
                PrometheusScrapingHandler.create(registry));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/openapi.json", Access.PUBLIC,
                "This OpenAPI document, generated from the registered routes").tag("system")
                        .response(Schema.map(Schema.any()).doc("an OpenAPI 3.1 document")),
                ctx -> io.vertx.core.Future.succeededFuture(Reply.ok(OpenApiDocument.build(routes, version))));
    }
}
