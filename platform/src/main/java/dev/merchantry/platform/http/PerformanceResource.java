package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.performance.PerformanceService;
import io.vertx.core.http.HttpMethod;

/** What each strategy of a shop earned, per day. */
public final class PerformanceResource {

    private final PerformanceService performance;

    public PerformanceResource(PerformanceService performance) {
        this.performance = performance;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/performance", Access.SHOP,
                "Daily outcomes per strategy: impressions, clicks, carts, attributed orders and revenue "
                        + "(click-through and view-through), revenue per 1,000 impressions").tag("performance")
                        .query("kind", "string", "strategy kind; recommender (the default)")
                        .query("strategy", "string", "only this strategy")
                        .query("from", "string", "first day (ISO date, UTC), default 29 days before to")
                        .query("to", "string", "last day (ISO date, UTC), default today"),
                ctx -> performance.daily(ctx.pathParam("shop"), ctx.queryParams().get("kind"),
                        ctx.queryParams().get("strategy"), ctx.queryParams().get("from"),
                        ctx.queryParams().get("to")).map(Reply::ok));
    }
}
