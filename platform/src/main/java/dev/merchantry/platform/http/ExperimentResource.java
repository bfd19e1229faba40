package dev.merchantry.platform.http;

import dev.merchantry.platform.experiments.ExperimentService;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.service.Schema;
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
                "Create a draft experiment between strategies of the shop (variants: control first)")
                        .tag("experiments").success(201).body(ExperimentService.CREATE_REQUEST)
                        .response(ExperimentService.EXPERIMENT),
                ctx -> experiments.create(ctx.pathParam("shop"), Bodies.object(ctx),
                        AuthenticationHandler.principal(ctx).actor()).map(Reply::created));
        routes.handle(ApiRoutes.op(HttpMethod.GET, base, Access.SHOP, "The shop's experiments, newest first")
                        .tag("experiments").response(Schema.object()
                                .required("experiments", Schema.array(ExperimentService.EXPERIMENT))),
                ctx -> experiments.list(ctx.pathParam("shop"))
                        .map(list -> Reply.ok(new JsonObject().put("experiments", new JsonArray(list)))));
        routes.handle(ApiRoutes.op(HttpMethod.GET, base + "/:id", Access.SHOP, "One experiment").tag("experiments")
                        .response(ExperimentService.EXPERIMENT),
                ctx -> experiments.get(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, base + "/:id/start", Access.SHOP,
                "Start a draft experiment: units are assigned to variants from now on").tag("experiments")
                        .response(ExperimentService.EXPERIMENT),
                ctx -> experiments.start(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, base + "/:id/stop", Access.SHOP,
                "Stop a running experiment: serving returns to the shop's binding").tag("experiments")
                        .response(ExperimentService.EXPERIMENT),
                ctx -> experiments.stop(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, base + "/:id/ship", Access.SHOP,
                "Ship a variant of a running or stopped experiment: its strategy and config become the shop's"
                        + " binding (with history)").tag("experiments").body(ExperimentService.SHIP_REQUEST)
                        .response(ExperimentService.EXPERIMENT),
                ctx -> experiments.ship(ctx.pathParam("shop"), ctx.pathParam("id"), Bodies.object(ctx),
                        AuthenticationHandler.principal(ctx).actor()).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, base + "/:id/results", Access.SHOP,
                "Per variant the estimate, lift vs control with an always-valid interval, probability to beat "
                        + "control, sample-ratio check and verdict").tag("experiments")
                        .response(ExperimentService.RESULTS),
                ctx -> experiments.results(ctx.pathParam("shop"), ctx.pathParam("id")).map(Reply::ok));
    }
}
