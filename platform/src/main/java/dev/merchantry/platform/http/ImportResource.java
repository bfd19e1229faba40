package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.ingest.CatalogService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.tools.importclient.ImportException;
import dev.merchantry.platform.tools.importclient.ImportKind;
import dev.merchantry.platform.tools.importclient.UploadImporter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/shops/{shop}/imports?kind=}: a whole CSV or NDJSON file as the body (the console's upload),
 * mapped with the same columns as {@code merchantry import} and stored through the ingestion services; the reply
 * counts what was stored and lists every rejected row with its file line. Larger files: {@code merchantry import}.
 */
public final class ImportResource {

    private final Vertx vertx;
    private final IngestService ingest;
    private final CatalogService catalog;
    private final Clock clock;

    public ImportResource(Vertx vertx, IngestService ingest, CatalogService catalog, Clock clock) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.catalog = catalog;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        String kinds = Arrays.stream(ImportKind.values()).map(ImportKind::flag).collect(Collectors.joining(", "));
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops/:shop/imports", Access.SHOP,
                "Import a CSV or NDJSON file (the body) with the columns of 'merchantry import'; answers"
                        + " {rows, accepted, duplicates, rejected_rows, rejected: [{line, id, field, message}]}")
                        .tag("data").body(Schema.string().doc("the file (CSV, TSV or NDJSON)"), "text/csv",
                                IngestService.MAX_BODY_BYTES)
                        .response(UploadImporter.OUTCOME)
                        .scope(Credential.Scope.INGEST)
                        .query(QueryParam.oneOf("kind", "what the file holds (required)", Arrays.stream(ImportKind.values())
                                .map(ImportKind::flag).toArray(String[]::new)))
                        .query("file", "string", "the file's name; .ndjson/.jsonl/.tsv select the format (default: CSV,"
                                + " or NDJSON when the content starts with '{')"),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    String kindName = ctx.queryParams().get("kind");
                    if (kindName == null || kindName.isBlank()) {
                        throw ServiceException.field("kind", "is required: one of " + kinds);
                    }
                    ImportKind kind = Arrays.stream(ImportKind.values())
                            .filter(k -> k.flag().equals(kindName.trim().toLowerCase(Locale.ROOT))).findFirst()
                            .orElseThrow(() -> ServiceException.field("kind", "unknown kind '" + kindName + "'; use one of "
                                    + kinds));
                    byte[] data = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
                    if (data.length == 0) {
                        throw ServiceException.malformed("request body is empty; send the file as the body");
                    }
                    String file = ctx.queryParams().get("file");
                    return vertx.executeBlocking(() -> {
                        try {
                            return Reply.ok(UploadImporter.run(kind, data, file, (k, items) -> switch (k) {
                                case PRODUCTS -> catalog.upsertProductsBlocking(shop, items);
                                case INVENTORY -> catalog.addSnapshotsBlocking(shop, items);
                                case EVENTS, ORDERS, RATINGS -> ingest.ingestBlocking(shop, items);
                            }, clock.instant()).toJson());
                        } catch (ImportException e) {
                            throw ServiceException.malformed((file == null ? "the file" : file) + ": " + e.getMessage());
                        }
                    }, false);
                });
    }
}
