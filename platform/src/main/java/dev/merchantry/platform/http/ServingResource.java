package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.serving.ServingService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

/**
 * Strategy answers over REST, served by this node's {@link ServingService} — the same service the event-bus
 * addresses {@code merchantry.recommend} and {@code merchantry.forecast} call. Every node hosts the same plugins and
 * reads the same models, so a request is served where it arrives (whatever spreads HTTP over the nodes spreads the
 * serving): no event-bus hop, no copy of the request, and a dying peer cannot take requests down with it.
 */
public final class ServingResource {

    private static final QueryParam CUSTOMER = QueryParam.string("customer", "customer id");
    private static final QueryParam PRODUCT = QueryParam.string("product", "product id (product page / cart context)");
    private static final QueryParam LIMIT = QueryParam.of("limit", ServingService.RECOMMEND_REQUEST.property("limit"));
    private static final QueryParam EXCLUDE = QueryParam.string("exclude", "comma-separated product ids never to return");
    private static final QueryParam CATEGORY = QueryParam.string("category",
            "only products of this category or its sub-categories");
    private static final QueryParam HORIZON = QueryParam.of("horizon", ServingService.FORECAST_REQUEST.property("horizon"));
    private static final QueryParam QUANTILES = QueryParam.string("quantiles",
            "extra quantiles per point, e.g. 0.1,0.5,0.9");

    private final ServingService serving;

    public ServingResource(ServingService serving) {
        this.serving = serving;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/recommendations", Access.SHOP,
                "Recommendations for a customer and/or a product from the shop's recommender").tag("serving")
                        .query(CUSTOMER, PRODUCT, LIMIT, EXCLUDE, CATEGORY)
                        .response(ServingService.RECOMMENDATION),
                ctx -> {
                    JsonObject request = new JsonObject().put("shop", ctx.pathParam("shop"))
                            .put("customer_id", ctx.queryParams().get(CUSTOMER.name()))
                            .put("product_id", ctx.queryParams().get(PRODUCT.name()))
                            .put("limit", LIMIT.intValue(ctx))
                            .put("category", ctx.queryParams().get(CATEGORY.name()));
                    String exclude = EXCLUDE.value(ctx);
                    if (exclude != null && !exclude.isBlank()) {
                        request.put("exclude", new JsonArray(Arrays.stream(exclude.split(","))
                                .map(String::trim).filter(s -> !s.isEmpty()).toList()));
                    }
                    return serving.recommend(request).map(Reply::ok);
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/forecasts/:product", Access.SHOP,
                "Demand forecast of a product with 80% and 95% intervals").tag("serving")
                        .query(HORIZON, QUANTILES)
                        .response(ServingService.FORECAST),
                ctx -> forecast(ctx));
    }

    private io.vertx.core.Future<Reply> forecast(RoutingContext ctx) {
        JsonObject request = new JsonObject().put("shop", ctx.pathParam("shop"))
                .put("product_id", ctx.pathParam("product"))
                .put("horizon", HORIZON.intValue(ctx))
                .put("quantiles", quantiles(QUANTILES.value(ctx)));
        return serving.forecast(request).map(Reply::ok);
    }

    /** Validated here so a bad value gets a per-field 400 (the bus reply carries only a code and a message). */
    private static JsonArray quantiles(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        JsonArray out = new JsonArray();
        for (double q : ServingService.quantiles(raw)) {
            out.add(q);
        }
        return out;
    }
}
