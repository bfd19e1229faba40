package dev.merchantry.platform.http;

import dev.merchantry.platform.bus.BusEndpoints;
import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.pricing.PricingService;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/shops/{shop}/pricing}: decisions (forwarded over {@code merchantry.price}, so any node may serve
 * them), outcomes, suggestions awaiting approval and each product's agent. Request bodies are checked here first so
 * a 400 lists every bad field.
 */
public final class PricingResource {

    private static final String BASE = "/api/v1/shops/:shop/pricing";
    private static final QueryParam SUGGESTION_LIMIT = QueryParam.integer("limit", 100, 1, 1000, "suggestions");
    private static final QueryParam HISTORY_LIMIT = QueryParam.integer("limit", 50, 1, 1000, "decisions of history");
    private final BusEndpoints bus;
    private final PricingService pricing;

    public PricingResource(BusEndpoints bus, PricingService pricing) {
        this.bus = bus;
        this.pricing = pricing;
    }

    public void register(ApiRoutes routes) {
        // Before the :product routes, which would otherwise take "suggestions" for a product id.
        routes.handle(ApiRoutes.op(HttpMethod.GET, BASE + "/suggestions", Access.SHOP,
                "Pricing decisions awaiting the merchant's approval (suggest mode), oldest first").tag("pricing")
                        .query(SUGGESTION_LIMIT).response(PricingService.SUGGESTIONS),
                ctx -> pricing.suggestions(shop(ctx), SUGGESTION_LIMIT.intValue(ctx)).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE + "/suggestions/:decision/approve", Access.SHOP,
                "Approve a suggested price: it takes effect now (catalog updated, merchantry.price.changed)")
                        .tag("pricing").response(PricingService.DECISION),
                ctx -> pricing.approve(shop(ctx), ctx.pathParam("decision")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE + "/suggestions/:decision/reject", Access.SHOP,
                "Reject a suggested price; the agent learns nothing from it").tag("pricing")
                        .response(PricingService.DECISION),
                ctx -> pricing.reject(shop(ctx), ctx.pathParam("decision")).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE + "/:product/decide", Access.SHOP,
                "Decide the product's price for the next period with the shop's pricing agent").tag("pricing")
                        .body(overrides(PricingService.DECIDE_REQUEST)
                                .doc("overrides of the catalog's values (shop and product come from the URL)"))
                        .optionalBody()
                        .response(PricingService.DECISION),
                ctx -> {
                    JsonObject body = optionalObject(ctx);
                    JsonObject request = body.copy().put("shop", shop(ctx)).put("product_id", ctx.pathParam("product"));
                    if (body.containsKey("shop") || body.containsKey("product_id")) {
                        throw ServiceException.field(body.containsKey("shop") ? "shop" : "product_id",
                                "comes from the URL; leave it out of the body");
                    }
                    // Validated here too, so the 400 lists each field (event-bus failures carry one message).
                    pricing.validateDecide(request);
                    return bus.request(Addresses.PRICE, request).map(Reply::ok);
                });
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE + "/:product/outcome", Access.SHOP,
                "Report what a decision's period sold; the agent learns from it once").tag("pricing")
                        .body(PricingService.OUTCOME_REQUEST).response(PricingService.OUTCOME),
                ctx -> pricing.outcome(shop(ctx), ctx.pathParam("product"), Bodies.object(ctx)).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, BASE + "/:product", Access.SHOP,
                "The product's pricing agent: current price, recent decisions, estimated demand curve").tag("pricing")
                        .query(HISTORY_LIMIT).response(PricingService.AGENT),
                ctx -> pricing.product(shop(ctx), ctx.pathParam("product"), HISTORY_LIMIT.intValue(ctx))
                        .map(Reply::ok));
    }

    /** The bus request's fields without {@code shop} and {@code product_id}, which REST takes from the path. */
    private static Schema overrides(Schema decideRequest) {
        return Schema.object("DecideOverrides")
                .optional("list_price", decideRequest.property("list_price"))
                .optional("cost", decideRequest.property("cost"))
                .optional("current_price", decideRequest.property("current_price"))
                .optional("on_hand", decideRequest.property("on_hand"));
    }

    private static String shop(RoutingContext ctx) {
        return ctx.pathParam("shop");
    }

    private static JsonObject optionalObject(RoutingContext ctx) {
        return ctx.body().buffer() == null || ctx.body().buffer().length() == 0 ? new JsonObject() : Bodies.object(ctx);
    }
}
