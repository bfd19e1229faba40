package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.replenishment.ReplenishmentService;
import dev.merchantry.platform.replenishment.ReplenishmentSettings;
import io.vertx.core.http.HttpMethod;

/** {@code /api/v1/shops/{shop}/replenishment}: the reorder plan, and the inventory policy behind it. */
public final class ReplenishmentResource {

    static final int MAX_LIMIT = 10_000;

    private static final QueryParam LIMIT = QueryParam.integer("limit", 100, 1, MAX_LIMIT, "products");
    private static final QueryParam REORDER_ONLY = QueryParam.bool("reorder_only", false,
            "only products with an order to place");

    private final ReplenishmentService replenishment;

    public ReplenishmentResource(ReplenishmentService replenishment) {
        this.replenishment = replenishment;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/replenishment", Access.SHOP,
                "What to reorder: per product on_hand, lead-time demand, safety stock, reorder point, order quantity,"
                        + " days of cover and stock-out risk, most urgent first (?limit, ?reorder_only=true)")
                        .tag("forecasting")
                        .query(LIMIT, REORDER_ONLY).response(ReplenishmentService.PLAN),
                ctx -> replenishment.plan(ctx.pathParam("shop"), LIMIT.intValue(ctx), REORDER_ONLY.boolValue(ctx))
                        .map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/replenishment/settings", Access.SHOP,
                "The shop's inventory policy (lead time, service level, review period, minimum order) and product overrides")
                        .tag("forecasting").response(ReplenishmentSettings.SCHEMA),
                ctx -> replenishment.settings(ctx.pathParam("shop")).map(s -> Reply.ok(s.toJson())));
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/shops/:shop/replenishment/settings", Access.SHOP,
                "Change the policy; products: {id: {...}} overrides per product (null removes); every bad key is"
                        + " reported and nothing changes").tag("forecasting")
                        .body(ReplenishmentSettings.PATCH).response(ReplenishmentSettings.SCHEMA),
                ctx -> replenishment.updateSettings(ctx.pathParam("shop"), Bodies.object(ctx)).map(s -> Reply.ok(s.toJson())));
    }
}
