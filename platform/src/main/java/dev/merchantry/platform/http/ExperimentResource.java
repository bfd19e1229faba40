package dev.merchantry.platform.http;

import dev.merchantry.platform.experiments.ExperimentService;
import dev.merchantry.platform.http.ApiRoutes.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A/B experiments between strategies of a shop: create, list, read, start, stop, ship, results. */
public final class ExperimentResource {

    private final ExperimentService experiments;

    public ExperimentResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void register(ApiRoutes routes) {
        String base = "/api/v1/shops/:shop/experiments";
        routes.handle(ApiRoutes.op(HttpMethod.POST, base, Access.SHOP,
                "Create a draft experiment {name, kind, unit, variants:[{id, strategy, config, weight}], "
                        + "primary_metric, max_days?, mde?}").tag("experiments"),
                ctx -> experiments.create(ctx.pathParam("shop"), Bodies.object(ctx),
                        AuthenticationHandler.principal(ctx).actor()).map(Reply::created));
        routes.handle(ApiRoutes.op(HttpMethod.GET, base, Access.SHOP, "The shop's experiments, newest first")
                        .tag("experiments"),
                ctx -> experiments.list(ctx.pathParam("shop"))
                        .map(list -> Reply.ok(new JsonObject().put("experiments", new JsonArray(list)))));
        routes.handle(ApiRoutes.op(HttpMethod.GET, base + "/:id", Access.SHOP, "One experiment").tag("experiments"),
                ctx -> experiments.get(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, base + "/:id/start", Access.SHOP,
                "Start a draft experiment: units are assigned to variants from now on").tag("experiments"),
                ctx -> experiments.start(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, base + "/:id/stop", Access.SHOP,
                "Stop a running experiment: serving returns to the shop's binding").tag("experiments"),
                ctx -> experiments.stop(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, base + "/:id/ship", Access.SHOP,
                "Ship a variant {variant}: its strategy and config become the shop's binding (with history)")
                        .tag("experiments"),
                ctx -> experiments.ship(ctx.pathParam("shop"), ctx.pathParam("id"), Bodies.object(ctx),
                        AuthenticationHandler.principal(ctx).actor()).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, base + "/:id/results", Access.SHOP,
                "Per variant the estimate, lift vs control with an always-valid interval, probability to beat "
                        + "control, sample-ratio check and verdict").tag("experiments"),
                ctx -> experiments.results(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
    }
}
