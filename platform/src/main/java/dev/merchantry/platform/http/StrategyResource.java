package dev.merchantry.platform.http;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code /api/v1/strategies} (the catalog with config specs and validation) and a shop's bindings under
 * {@code /api/v1/shops/{shop}/strategies}: bind, list, history, delete.
 */
public final class StrategyResource {

    private static final QueryParam KIND = QueryParam.oneOf("kind", "only this kind", "profiler", "recommender",
            "forecaster", "pricing");
    private static final QueryParam LIMIT = QueryParam.integer("limit", 50, 1, 500, "at most this many entries");

    private final Vertx vertx;
    private final StrategyCatalog catalog;
    private final BindingService bindings;

    public StrategyResource(Vertx vertx, StrategyCatalog catalog, BindingService bindings) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.bindings = bindings;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/strategies", Access.AUTHENTICATED,
                "List every installed strategy with its descriptor and config spec").tag("strategies")
                        .query(KIND)
                        .response(Schema.object().required("strategies", Schema.array(StrategyCatalog.STRATEGY))),
                ctx -> {
                    String kindParam = ctx.queryParams().get(KIND.name());
                    StrategyKind kind = kindParam == null ? null : StrategyCatalog.kind(kindParam, "kind");
                    return vertx.executeBlocking(() -> {
                        JsonArray out = new JsonArray();
                        for (LoadedStrategy s : catalog.all()) {
                            if (kind == null || s.descriptor().kind() == kind) {
                                out.add(StrategyCatalog.toJson(s));
                            }
                        }
                        return Reply.ok(new JsonObject().put("strategies", out));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/strategies/:id", Access.AUTHENTICATED,
                "One strategy with its config spec").tag("strategies")
                        .response(StrategyCatalog.STRATEGY),
                ctx -> vertx.executeBlocking(() -> Reply.ok(StrategyCatalog.toJson(catalog.require(ctx.pathParam("id"))))));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/strategies/:id/validate", Access.AUTHENTICATED,
                "Validate a config against the strategy's spec; answers every per-key error").tag("strategies")
                        .body(Schema.object().optional("config", Schema.map(Schema.any())))
                        .response(Schema.object()
                                .required("strategy", Schema.string())
                                .required("valid", Schema.bool())
                                .required("errors", Schema.array(Schema.object()
                                        .required("key", Schema.string())
                                        .required("message", Schema.string())))),
                ctx -> {
                    JsonObject body = Bodies.object(ctx);
                    JsonObject config = Bodies.optionalObject(body, "config");
                    return vertx.executeBlocking(() -> {
                        LoadedStrategy strategy = catalog.require(ctx.pathParam("id"));
                        List<ServiceException.FieldError> errors = bindings.validate(strategy, config);
                        JsonArray out = new JsonArray();
                        errors.forEach(e -> out.add(new JsonObject().put("key", e.key()).put("message", e.message())));
                        return Reply.ok(new JsonObject().put("strategy", strategy.descriptor().id())
                                .put("valid", errors.isEmpty()).put("errors", out));
                    });
                });

        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/strategies", Access.SHOP,
                "The shop's strategy bindings").tag("strategies")
                        .response(Schema.object().required("bindings", Schema.array(BindingService.BINDING))),
                ctx -> bindings.list(ctx.pathParam("shop")).map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(b -> out.add(BindingService.toJson(b)));
                    return Reply.ok(new JsonObject().put("bindings", out));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/strategies/:kind", Access.SHOP,
                "The shop's binding for one kind").tag("strategies")
                        .response(BindingService.BINDING),
                ctx -> {
                    StrategyKind kind = StrategyCatalog.kind(ctx.pathParam("kind"), "kind");
                    return bindings.find(ctx.pathParam("shop"), kind).map(found -> Reply.ok(BindingService.toJson(
                            found.orElseThrow(() -> ServiceException.notFound("shop '" + ctx.pathParam("shop")
                                    + "' has no " + kind.wireName() + " binding")))));
                });
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/shops/:shop/strategies/:kind", Access.SHOP,
                "Bind a strategy with a config; an invalid config is rejected with every bad key, storing nothing")
                        .tag("strategies").body(BindingService.BIND_REQUEST)
                        .response(BindingService.BINDING),
                ctx -> {
                    StrategyKind kind = StrategyCatalog.kind(ctx.pathParam("kind"), "kind");
                    JsonObject body = Bodies.object(ctx);
                    return Future.succeededFuture().compose(v ->
                            bindings.put(ctx.pathParam("shop"), kind, body, AuthenticationHandler.principal(ctx).actor()))
                            .map(b -> Reply.ok(BindingService.toJson(b)));
                });
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, "/api/v1/shops/:shop/strategies/:kind", Access.SHOP,
                "Remove the shop's binding for a kind").tag("strategies").success(204),
                ctx -> {
                    StrategyKind kind = StrategyCatalog.kind(ctx.pathParam("kind"), "kind");
                    return bindings.delete(ctx.pathParam("shop"), kind, AuthenticationHandler.principal(ctx).actor())
                            .map(deleted -> {
                                if (!deleted) {
                                    throw ServiceException.notFound("shop '" + ctx.pathParam("shop") + "' has no "
                                            + kind.wireName() + " binding");
                                }
                                return Reply.noContent();
                            });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/strategies/:kind/history", Access.SHOP,
                "Who changed the binding, when, with old and new config (newest first)").tag("strategies")
                        .query(LIMIT)
                        .response(Schema.object().required("history", Schema.array(BindingService.CHANGE))),
                ctx -> {
                    StrategyKind kind = StrategyCatalog.kind(ctx.pathParam("kind"), "kind");
                    int limit = LIMIT.intValue(ctx);
                    return bindings.history(ctx.pathParam("shop"), kind, limit).map(list -> {
                        JsonArray out = new JsonArray();
                        list.forEach(c -> out.add(BindingService.toJson(c)));
                        return Reply.ok(new JsonObject().put("history", out));
                    });
                });
    }

}
