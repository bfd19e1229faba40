package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.profiles.AudienceCriteria;
import dev.merchantry.platform.profiles.AudienceService;
import dev.merchantry.platform.service.Schema;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Marketing audiences: {@code POST /api/v1/shops/{shop}/audiences/preview} (a page of matching customers with
 * personal picks and a suggested offer) and {@code POST …/audiences/export} (the whole audience as streamed CSV).
 */
public final class AudienceResource {

    private final AudienceService audiences;

    public AudienceResource(AudienceService audiences) {
        this.audiences = audiences;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops/:shop/audiences/preview", Access.SHOP,
                "Customers matching the criteria, most valuable first (limit 1-500, default 50), each with top products"
                        + " from the shop's recommender and a suggested offer; next_cursor pages on").tag("profiles")
                        .body(AudienceCriteria.SCHEMA).optionalBody().response(AudienceService.PREVIEW),
                ctx -> audiences.preview(ctx.pathParam("shop"), criteria(ctx)).map(Reply::ok));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops/:shop/audiences/export", Access.SHOP,
                "The whole audience as CSV for an email tool, streamed (limit defaults to everyone)").tag("profiles")
                        .body(AudienceCriteria.SCHEMA).optionalBody().produces("text/csv")
                        .response(Schema.string().doc("CSV with a header row: " + String.join(", ",
                                AudienceService.CSV_COLUMNS))),
                ctx -> audiences.export(ctx.pathParam("shop"), criteria(ctx)).compose(export -> stream(ctx, export))
                        .map(v -> Reply.noContent()));
    }

    /**
     * Sends the CSV as a chunked 200; a failure mid-stream resets the connection, so a client never takes a
     * truncated file for a complete one.
     */
    private static Future<Void> stream(RoutingContext ctx, AudienceService.Export export) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
        return export.writeTo(response, response::closed)
                .compose(v -> response.end())
                .recover(e -> {
                    if (!response.ended() && !response.closed()) {
                        response.reset();
                    }
                    return Future.succeededFuture();
                });
    }

    /** An empty body means "everyone". */
    private static io.vertx.core.json.JsonObject criteria(RoutingContext ctx) {
        var body = ctx.body().buffer();
        return body == null || body.length() == 0 ? new io.vertx.core.json.JsonObject() : Bodies.object(ctx);
    }
}
