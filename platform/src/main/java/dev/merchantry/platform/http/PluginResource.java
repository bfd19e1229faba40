package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.plugins.PluginException;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code /api/v1/plugins}: list, upload, stop, start and delete plugins at runtime (admin only). */
public final class PluginResource {

    /** Largest plugin upload accepted (the host re-checks archive contents). */
    public static final long MAX_UPLOAD_BYTES = 100L << 20;

    private final Vertx vertx;
    private final PluginHost host;

    public PluginResource(Vertx vertx, PluginHost host) {
        this.vertx = vertx;
        this.host = host;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/plugins", Access.ADMIN,
                "List installed plugins with state and, when failed, the reason").tag("plugins"),
                ctx -> blocking(() -> {
                    JsonArray list = new JsonArray();
                    host.plugins().forEach(p -> list.add(toJson(p)));
                    return Reply.ok(new JsonObject().put("plugins", list));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/plugins", Access.ADMIN,
                "Upload a plugin (jar or zip as the raw body); it is validated, installed and started")
                        .tag("plugins").success(201)
                        .body("the plugin archive", "application/java-archive", MAX_UPLOAD_BYTES)
                        .query("file", "string", "file name to store it under (.jar or .zip); default derived from the plugin id"),
                this::upload);
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/plugins/:plugin", Access.ADMIN, "One plugin").tag("plugins"),
                ctx -> blocking(() -> Reply.ok(toJson(host.plugin(ctx.pathParam("plugin")).orElseThrow(() ->
                        ApiException.notFound("unknown plugin '" + ctx.pathParam("plugin") + "'"))))));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/plugins/:plugin/stop", Access.ADMIN,
                "Stop a plugin; its strategies stop serving").tag("plugins"),
                ctx -> blocking(() -> Reply.ok(toJson(host.stop(ctx.pathParam("plugin"))))));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/plugins/:plugin/start", Access.ADMIN,
                "Start a stopped plugin").tag("plugins"),
                ctx -> blocking(() -> Reply.ok(toJson(host.start(ctx.pathParam("plugin"))))));
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/plugins/:plugin", Access.ADMIN,
                "Stop, unload and delete a plugin").tag("plugins").success(204),
                ctx -> blocking(() -> {
                    host.delete(ctx.pathParam("plugin"));
                    return Reply.noContent();
                }));
    }

    private Future<Reply> upload(RoutingContext ctx) {
        byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("request body is empty; send the plugin jar or zip as the body");
        }
        String file = ctx.queryParams().get("file");
        String name = file != null ? file : "upload-" + System.currentTimeMillis() + (isPluginZip(bytes) ? ".zip" : ".jar");
        return blocking(() -> Reply.created(toJson(host.install(name, bytes))));
    }

    /** PF4J zip plugins carry plugin.properties at the root (jars carry a manifest); decides the file extension. */
    private static boolean isPluginZip(byte[] bytes) {
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("plugin.properties")) {
                    return true;
                }
            }
        } catch (java.io.IOException e) {
            return false; // not an archive; the host's validation reports it
        }
        return false;
    }

    private Future<Reply> blocking(Callable<Reply> work) {
        return vertx.executeBlocking(() -> {
            try {
                return work.call();
            } catch (PluginException e) {
                String m = e.getMessage() == null ? "plugin operation failed" : e.getMessage();
                throw m.startsWith("unknown plugin") ? ApiException.notFound(m) : ApiException.badRequest(m);
            }
        }, false);
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
}
