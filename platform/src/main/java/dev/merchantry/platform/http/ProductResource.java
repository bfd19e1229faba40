package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.ingest.BatchBody;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.CommerceViews;
import dev.merchantry.platform.storage.Credential;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/** {@code /api/v1/shops/{shop}/products}: batch upsert, list by id with a cursor, and one product. */
public final class ProductResource {

    /** Most days of demand history one request returns. */
    public static final int MAX_DEMAND_DAYS = 3660;

    private static final QueryParam CATEGORY = QueryParam.string("category", "only this category");
    private static final QueryParam CURSOR = QueryParam.string("cursor", "next_cursor of the previous page");
    private static final QueryParam LIMIT = QueryParam.integer("limit", 100, 1, 1000, "products per page");
    private static final QueryParam DAYS = QueryParam.integer("days", 365, 1, MAX_DEMAND_DAYS,
            "at most this many complete days before today");
    /** A page of products. */
    static final Schema PAGE = Schema.object()
            .required("products", Schema.array(CatalogService.PRODUCT))
            .optional("next_cursor", Schema.string().doc("present when another page follows"));
    /** A product's daily demand. */
    static final Schema DEMAND = Schema.object("Demand")
            .required("product_id", Schema.string())
            .required("frequency", Schema.string())
            .required("points", Schema.array(Schema.object()
                    .required("date", Schema.date())
                    .required("units", Schema.number().nullable().doc("null: out of stock that day"))));

    private final Vertx vertx;
    private final CatalogService catalog;
    private final CommerceViews views;
    private final Clock clock;

    public ProductResource(Vertx vertx, CatalogService catalog, CommerceViews views, Clock clock) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.views = views;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.PUT, "/api/v1/shops/:shop/products", Access.SHOP,
                "Upsert products by product_id (fields left out keep their value)").tag("data")
                        .scope(Credential.Scope.INGEST)
                        .body(Schema.array(CatalogService.PRODUCT_UPSERT).maxItems(CatalogService.MAX_PRODUCTS)
                                        .doc("JSON array (or NDJSON, one product a line) of products; at most "
                                                + CatalogService.MAX_PRODUCTS),
                                "application/json", IngestService.MAX_BODY_BYTES)
                        .response(CatalogService.UPSERT_RESULT),
                ctx -> vertx.executeBlocking(() -> BatchBody.parse(ctx.body().buffer(),
                                ctx.request().getHeader("Content-Type"), CatalogService.MAX_PRODUCTS, "products"), false)
                        .compose(entries -> catalog.upsertProducts(ctx.pathParam("shop"), entries)).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/products", Access.SHOP,
                "Products by id, a page at a time").tag("data")
                        .query(CATEGORY, CURSOR, LIMIT).response(PAGE),
                ctx -> {
                    int limit = LIMIT.intValue(ctx);
                    String category = CATEGORY.value(ctx);
                    String cursor = CURSOR.value(ctx);
                    // One extra row tells whether another page follows.
                    return catalog.list(ctx.pathParam("shop"), category, cursor, limit + 1).map(list -> {
                        JsonArray out = new JsonArray();
                        list.stream().limit(limit).forEach(p -> out.add(CatalogService.toJson(p)));
                        JsonObject page = new JsonObject().put("products", out);
                        if (list.size() > limit) {
                            page.put("next_cursor", list.get(limit - 1).productId());
                        }
                        return Reply.ok(page);
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/products/:product", Access.SHOP,
                "One product with its current stock").tag("data").response(CatalogService.PRODUCT),
                ctx -> catalog.find(ctx.pathParam("shop"), ctx.pathParam("product"))
                        .map(p -> Reply.ok(CatalogService.toJson(p))));
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/products/:product/demand", Access.SHOP,
                "A product's daily demand (units sold per UTC day, the series forecasters train on); days on which"
                        + " it was out of stock have units null").tag("data")
                        .query(DAYS).response(DEMAND),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    String product = ctx.pathParam("product");
                    int days = DAYS.intValue(ctx);
                    return catalog.find(shop, product).compose(p -> vertx.executeBlocking(() -> {
                        TimeSeries series = views.dailyDemand(shop, product, clock.instant(), days);
                        JsonArray points = new JsonArray();
                        for (int i = 0; i < series.length(); i++) {
                            double v = series.value(i);
                            points.add(new JsonObject().put("date", series.date(i).toString())
                                    .put("units", Double.isNaN(v) ? null : v));
                        }
                        return Reply.ok(new JsonObject().put("product_id", product).put("frequency", "daily")
                                .put("points", points));
                    }));
                });
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops/:shop/inventory", Access.SHOP,
                "Store inventory snapshots; each product's stock becomes its latest snapshot").tag("data")
                        .scope(Credential.Scope.INGEST)
                        .body(Schema.array(CatalogService.SNAPSHOT).maxItems(CatalogService.MAX_SNAPSHOTS)
                                        .doc("JSON array (or NDJSON) of snapshots; at most " + CatalogService.MAX_SNAPSHOTS),
                                "application/json", IngestService.MAX_BODY_BYTES)
                        .response(IngestService.INGEST_RESULT),
                ctx -> vertx.executeBlocking(() -> BatchBody.parse(ctx.body().buffer(),
                                ctx.request().getHeader("Content-Type"), CatalogService.MAX_SNAPSHOTS, "snapshots"), false)
                        .compose(entries -> catalog.addSnapshots(ctx.pathParam("shop"), entries)).map(Reply::ok));
    }

}
