package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.serving.ServingStats;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/** {@code GET /api/v1/shops/{shop}/serving-stats}: who answered the shop's recommendations in the last hour. */
public final class ServingStatsResource {

    private final ServingStats stats;

    public ServingStatsResource(ServingStats stats) {
        this.stats = stats;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/serving-stats", Access.SHOP,
                "Recommendation answers of the last 60 minutes on this node: requests, answered by a fallback, per"
                        + " strategy").tag("serving").response(ServingStats.SCHEMA),
                ctx -> Future.succeededFuture(Reply.ok(stats.toJson(ctx.pathParam("shop")))));
    }
}
