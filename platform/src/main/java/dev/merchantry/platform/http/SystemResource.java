package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginState;
import dev.merchantry.platform.storage.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.sql.Connection;

/** Operator endpoints: {@code /health}, Prometheus {@code /metrics}, and the {@code /openapi.json} document. */
public final class SystemResource {

    private final Vertx vertx;
    private final Database database;
    private final PluginHost plugins;
    private final PrometheusMeterRegistry registry;
    private final String node;
    private final boolean clustered;
    private final String version;

    public SystemResource(Vertx vertx, Database database, PluginHost plugins, PrometheusMeterRegistry registry,
                          String node, boolean clustered, String version) {
        this.vertx = vertx;
        this.database = database;
        this.plugins = plugins;
        this.registry = registry;
        this.node = node;
        this.clustered = clustered;
        this.version = version;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/health", Access.PUBLIC,
                "Liveness and readiness: database reachable, plugins loaded").tag("system"),
                ctx -> vertx.executeBlocking(() -> {
                    boolean dbUp;
                    try (Connection c = database.dataSource().getConnection()) {
                        dbUp = c.isValid(2);
                    } catch (Exception e) {
                        dbUp = false;
                    }
                    long started = plugins.plugins().stream().filter(p -> p.state() == PluginState.STARTED).count();
                    long failed = plugins.plugins().stream().filter(p -> p.state() == PluginState.FAILED).count();
                    JsonObject body = new JsonObject().put("status", dbUp ? "up" : "down").put("node", node)
                            .put("version", version).put("clustered", clustered)
                            .put("database", dbUp ? "up" : "down")
                            .put("plugins", new JsonObject().put("started", started).put("failed", failed))
                            .put("strategies", plugins.strategies().size());
                    return new Reply(dbUp ? 200 : 503, body, "application/json");
                }, false));
        routes.handleRaw(ApiRoutes.op(HttpMethod.GET, "/metrics", Access.PUBLIC,
                "Prometheus metrics (HTTP, event bus, JVM, strategies)").tag("system")
                        .produces("text/plain; version=0.0.4"),
                PrometheusScrapingHandler.create(registry));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/openapi.json", Access.PUBLIC,
                "This OpenAPI document, generated from the registered routes").tag("system"),
                ctx -> io.vertx.core.Future.succeededFuture(Reply.ok(OpenApiDocument.build(routes, version))));
    }
}
