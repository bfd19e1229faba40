package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.replenishment.ReplenishmentService;
import io.vertx.core.http.HttpMethod;

/** {@code /api/v1/shops/{shop}/replenishment}: the reorder plan, and the inventory policy behind it. */
public final class ReplenishmentResource {

    static final int MAX_LIMIT = 10_000;

    private final ReplenishmentService replenishment;

    public ReplenishmentResource(ReplenishmentService replenishment) {
        this.replenishment = replenishment;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/replenishment", Access.SHOP,
                "What to reorder: per product on_hand, lead-time demand, safety stock, reorder point, order quantity,"
                        + " days of cover and stock-out risk, most urgent first (?limit, ?reorder_only=true)")
                        .tag("forecasting")
                        .query("limit", "integer", "1-" + MAX_LIMIT + ", default 100")
                        .query("reorder_only", "boolean", "only products with an order to place (default false)"),
                ctx -> replenishment.plan(ctx.pathParam("shop"), Bodies.intParam(ctx, "limit", 100, 1, MAX_LIMIT),
                        Bodies.boolParam(ctx, "reorder_only", false)).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/replenishment/settings", Access.SHOP,
                "The shop's inventory policy (lead time, service level, review period, minimum order) and product overrides")
                        .tag("forecasting"),
                ctx -> replenishment.settings(ctx.pathParam("shop")).map(s -> Reply.ok(s.toJson())));
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/shops/:shop/replenishment/settings", Access.SHOP,
                "Change the policy; products: {id: {...}} overrides per product (null removes); every bad key is"
                        + " reported and nothing changes").tag("forecasting")
                        .body("{lead_time_days?, service_level?, review_period_days?, min_order_quantity?,"
                                + " products?: {product_id: {...} | null}}"),
                ctx -> replenishment.updateSettings(ctx.pathParam("shop"), Bodies.object(ctx)).map(s -> Reply.ok(s.toJson())));
    }
}
