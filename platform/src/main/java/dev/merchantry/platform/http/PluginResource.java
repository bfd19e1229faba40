package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.plugins.PluginException;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginInfo;
import dev.merchantry.platform.plugins.QuarantinedPlugin;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.strategies.PluginChanges;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * {@code /api/v1/plugins}: list, upload, upgrade, stop, start and delete plugins at runtime (admin only). Plugin
 * operations run on the plugin host's own thread; this resource only waits for their futures, so a plugin that takes
 * long to start holds neither an event loop nor a worker thread.
 */
public final class PluginResource {

    /** Largest plugin upload accepted (the host re-checks archive contents). */
    public static final long MAX_UPLOAD_BYTES = 100L << 20;

    private final PluginHost host;
    private final PluginChanges changes;

    /** An installed plugin. */
    static final Schema PLUGIN = Schema.object("Plugin")
            .required("id", Schema.string())
            .required("version", Schema.string())
            .required("state", Schema.string().doc("started, stopped, failed …"))
            .required("reason", Schema.string().nullable().doc("why it failed"))
            .required("provider", Schema.string().nullable())
            .required("description", Schema.string().nullable())
            .required("requires", Schema.string().nullable().doc("platform version range"))
            .required("strategies", Schema.array(Schema.string()))
            .required("file", Schema.string().nullable());
    private static final Schema ARCHIVE = Schema.string().format("binary").doc("the plugin jar or zip");
    private static final QueryParam FORCE = QueryParam.bool("force", false,
            "delete even though shops are bound to its strategies");

    public PluginResource(PluginHost host, PluginChanges changes) {
        this.host = host;
        this.changes = changes;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/plugins", Access.ADMIN,
                "List installed plugins with state and, when failed, the reason; and the quarantined archives")
                        .tag("plugins")
                        .response(Schema.object()
                                .required("plugins", Schema.array(PLUGIN))
                                .required("quarantined", Schema.array(Schema.object()
                                        .required("file", Schema.string())
                                        .required("reason", Schema.string())
                                        .required("at", Schema.dateTime())))),
                ctx -> {
                    JsonArray list = new JsonArray();
                    host.plugins().forEach(p -> list.add(toJson(p)));
                    JsonArray quarantined = new JsonArray();
                    host.quarantined().forEach(q -> quarantined.add(toJson(q)));
                    return Future.succeededFuture(Reply.ok(new JsonObject().put("plugins", list)
                            .put("quarantined", quarantined)));
                });
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/plugins", Access.ADMIN,
                "Upload a plugin (jar or zip as the raw body); it is validated, installed and started."
                        + " A refused archive is quarantined (400, or 409 when a strategy id is taken)")
                        .tag("plugins").success(201)
                        .body(ARCHIVE, "application/java-archive", MAX_UPLOAD_BYTES)
                        .response(PLUGIN)
                        .query("file", "string", "file name to store it under (.jar or .zip); default <plugin-id>-<version>"),
                ctx -> {
                    byte[] archive = archive(ctx);
                    return plugins(changes.install(ctx.queryParams().get("file"), archive, actor(ctx)))
                            .map(p -> Reply.created(toJson(p)));
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/plugins/:plugin", Access.ADMIN, "One plugin").tag("plugins")
                        .response(PLUGIN),
                ctx -> Future.succeededFuture(Reply.ok(toJson(host.plugin(ctx.pathParam("plugin")).orElseThrow(() ->
                        ServiceException.notFound("unknown plugin '" + ctx.pathParam("plugin") + "'"))))));
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/plugins/:plugin", Access.ADMIN,
                "Upgrade a plugin in place with a newer version of its archive (raw body): bindings and the models"
                        + " the new version can read are kept, bound shops whose model format changed are retrained;"
                        + " 409 when the version is not newer")
                        .tag("plugins")
                        .body(ARCHIVE.doc("the plugin archive: same plugin id, higher version"),
                                "application/java-archive", MAX_UPLOAD_BYTES)
                        .response(PLUGIN.named("UpgradedPlugin")
                                .required("previous_version", Schema.string())
                                .required("kept_models", Schema.integer())
                                .required("retrained", Schema.array(Schema.string()).doc("shops retrained"))
                                .required("retrain_jobs", Schema.array(Schema.object()
                                        .required("shop", Schema.string())
                                        .required("kind", Schema.string())
                                        .required("strategy", Schema.string())
                                        .required("job_id", Schema.string())
                                        .required("reason", Schema.string()))))
                        .query("file", "string", "file name for the new archive; default the old name"),
                ctx -> {
                    byte[] archive = archive(ctx);
                    return plugins(changes.upgrade(ctx.pathParam("plugin"), ctx.queryParams().get("file"), archive,
                            actor(ctx))).map(up -> {
                                JsonArray jobs = new JsonArray();
                                up.retrains().forEach(r -> jobs.add(new JsonObject().put("shop", r.shop())
                                        .put("kind", r.kind().wireName()).put("strategy", r.strategy())
                                        .put("job_id", r.jobId()).put("reason", r.reason())));
                                return Reply.ok(toJson(up.plugin())
                                        .put("previous_version", up.previousVersion())
                                        .put("kept_models", up.keptModels())
                                        .put("retrained", new JsonArray(up.retrainedShops()))
                                        .put("retrain_jobs", jobs));
                            });
                });
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/plugins/:plugin/stop", Access.ADMIN,
                "Stop a plugin; its strategies stop serving (shops fall back) until it starts again").tag("plugins")
                        .response(PLUGIN),
                ctx -> plugins(changes.stop(ctx.pathParam("plugin"), actor(ctx))).map(p -> Reply.ok(toJson(p))));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/plugins/:plugin/start", Access.ADMIN,
                "Start a stopped plugin; shops' stored models serve again without a retrain").tag("plugins")
                        .response(PLUGIN),
                ctx -> plugins(changes.start(ctx.pathParam("plugin"), actor(ctx))).map(p -> Reply.ok(toJson(p))));
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/plugins/:plugin", Access.ADMIN,
                "Stop, unload and delete a plugin (or a quarantined archive, by file name); 409 listing the bound"
                        + " shops when shops are bound to its strategies").tag("plugins").success(204)
                        .query(FORCE),
                ctx -> {
                    // Strictly true or false (not the 1/yes the other boolean parameters take).
                    String force = ctx.queryParams().get(FORCE.name());
                    if (force != null && !force.equals("true") && !force.equals("false")) {
                        throw ServiceException.field("force", "must be true or false");
                    }
                    return plugins(changes.delete(ctx.pathParam("plugin"), "true".equals(force), actor(ctx)))
                            .map(v -> Reply.noContent());
                });
    }

    private static byte[] archive(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw ServiceException.unsupportedType("send the plugin archive as the raw request body (Content-Type:"
                    + " application/java-archive, e.g. curl --data-binary @plugin.jar), not as multipart/form-data");
        }
        byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (bytes.length == 0) {
            throw ServiceException.malformed("request body is empty; send the plugin jar or zip as the body");
        }
        return bytes;
    }

    private static String actor(RoutingContext ctx) {
        return AuthenticationHandler.principal(ctx).actor();
    }

    /** Maps the plugin host's refusals to problems: 400 invalid, 404 unknown, 409 conflict. */
    private static <T> Future<T> plugins(Future<T> operation) {
        return operation.recover(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof PluginException e) {
                String m = e.getMessage() == null ? "plugin operation failed" : e.getMessage();
                return Future.failedFuture(switch (e.kind()) {
                    case NOT_FOUND -> ServiceException.notFound(m);
                    case CONFLICT -> ServiceException.conflict(m);
                    case INVALID -> ServiceException.malformed(m);
                });
            }
            return Future.failedFuture(cause);
        });
    }

    static JsonObject toJson(PluginInfo p) {
        return new JsonObject()
                .put("id", p.id())
                .put("version", p.version())
                .put("state", p.state().name().toLowerCase(Locale.ROOT))
                .put("reason", p.reason())
                .put("provider", p.provider())
                .put("description", p.description())
                .put("requires", p.requires())
                .put("strategies", new JsonArray(p.strategyIds()))
                .put("file", p.file());
    }

    static JsonObject toJson(QuarantinedPlugin q) {
        return new JsonObject().put("file", q.file()).put("reason", q.reason()).put("at", q.at().toString());
    }
}
