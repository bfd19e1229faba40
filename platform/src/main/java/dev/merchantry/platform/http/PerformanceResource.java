package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.performance.PerformanceService;
import dev.merchantry.platform.service.Schema;
import io.vertx.core.http.HttpMethod;

/** What each strategy of a shop earned, per day. */
public final class PerformanceResource {

    private final PerformanceService performance;

    public PerformanceResource(PerformanceService performance) {
        this.performance = performance;
    }

    /**
     * The daily report. Its rows and totals differ by kind (recommender: impressions, clicks, carts, orders,
     * click-through and view-through, revenue per mille; pricing: product-days, units, revenue, profit; forecaster:
     * WAPE, MASE, bias, coverage; profiler: predicted vs observed churn), so a row declares the fields all kinds share
     * and stays open for the kind's figures (docs/rest-api.md lists them).
     */
    static final Schema REPORT = Schema.object("PerformanceReport")
            .required("shop", Schema.string())
            .required("kind", Schema.enumOf("recommender", "pricing", "forecaster", "profiler"))
            .required("from", Schema.date())
            .required("to", Schema.date())
            .optional("attribution_window_hours", Schema.integer().doc("recommender only"))
            .required("rows", Schema.array(Schema.object("PerformanceRow")
                    .required("date", Schema.date())
                    .required("strategy", Schema.string())
                    .required("final", Schema.bool().doc("the day's attribution window has closed"))
                    .optional("variant_id", Schema.string().nullable())
                    .optional("category", Schema.string().nullable())
                    .optional("group", Schema.string())
                    .open()))
            .required("totals", Schema.array(Schema.object("PerformanceTotal")
                    .required("strategy", Schema.string())
                    .open()));

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/performance", Access.SHOP,
                "Daily outcomes per strategy: impressions, clicks, carts, attributed orders and revenue "
                        + "(click-through and view-through), revenue per 1,000 impressions").tag("performance")
                        .response(REPORT)
                        .query("kind", "string", "strategy kind; recommender (the default)")
                        .query("strategy", "string", "only this strategy")
                        .query("from", "string", "first day (ISO date, UTC), default 29 days before to")
                        .query("to", "string", "last day (ISO date, UTC), default today"),
                ctx -> performance.daily(ctx.pathParam("shop"), ctx.queryParams().get("kind"),
                        ctx.queryParams().get("strategy"), ctx.queryParams().get("from"),
                        ctx.queryParams().get("to")).map(Reply::ok));
    }
}
