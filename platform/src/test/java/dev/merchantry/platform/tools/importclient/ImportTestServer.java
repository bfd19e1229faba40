package dev.merchantry.platform.tools.importclient;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a node's ingestion endpoints that implements the reply contract of docs/data.md: ids starting
 * with {@code bad} are rejected, a repeated id is a duplicate, an order line with quantity ≤ 0 is rejected with its
 * field path. It can fail the first requests with 503 (to exercise retries) and refuse requests from the n-th on with
 * 401 (to simulate an interruption). {@link #main} runs it standalone for throughput measurements.
 */
final class ImportTestServer implements AutoCloseable {

    static final String KEY = "test-key";
    static final String SHOP = "s1";

    final Set<String> ids = ConcurrentHashMap.newKeySet();
    final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger itemsSeen = new AtomicInteger();
    volatile int unavailableFirst;
    volatile int refuseFrom;

    private final boolean keepBodies;
    private final Vertx vertx;
    private final HttpServer server;

    private ImportTestServer(boolean keepBodies, int port) {
        this.keepBodies = keepBodies;
        this.vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024 * 1024));
        router.post("/api/v1/shops/:shop/events").handler(ctx -> ingest(ctx, "event_id", true));
        router.post("/api/v1/shops/:shop/inventory").handler(ctx -> ingest(ctx, "product_id", true));
        router.put("/api/v1/shops/:shop/products").handler(ctx -> ingest(ctx, "product_id", false));
        // (what makes an item a duplicate: its event id; a snapshot's product and timestamp; products are upserts)
        this.server = vertx.createHttpServer().requestHandler(router).listen(port).await();
    }

    static ImportTestServer start() {
        return new ImportTestServer(true, 0);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void ingest(RoutingContext ctx, String idField, boolean countsDuplicates) {
        if (!("Bearer " + KEY).equals(ctx.request().getHeader("Authorization"))) {
            problem(ctx, 401, "invalid API key");
            return;
        }
        if (!SHOP.equals(ctx.pathParam("shop"))) {
            problem(ctx, 404, "shop '" + ctx.pathParam("shop") + "' does not exist");
            return;
        }
        if (!"application/json".equals(ctx.request().getHeader("Content-Type"))) {
            problem(ctx, 415, "expected application/json");
            return;
        }
        int n = requests.incrementAndGet();
        if (n <= unavailableFirst) {
            problem(ctx, 503, "warming up, try again");
            return;
        }
        if (refuseFrom > 0 && n >= refuseFrom) {
            problem(ctx, 401, "API key revoked");
            return;
        }
        JsonArray items = ctx.body().asJsonArray();
        long accepted = 0;
        long duplicates = 0;
        JsonArray rejected = new JsonArray();
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            itemsSeen.incrementAndGet();
            String id = item.getString(idField);
            JsonArray errors = errors(item, idField);
            if (!errors.isEmpty()) {
                rejected.add(new JsonObject().put("index", i).put(idField, id).put("errors", errors));
            } else if (!ids.add(key(idField, countsDuplicates, item))) {
                duplicates++;
            } else {
                accepted++;
                if (keepBodies) {
                    received.add(item);
                }
            }
        }
        JsonObject reply = new JsonObject().put("accepted", accepted);
        if (countsDuplicates) {
            reply.put("duplicates", duplicates);
        }
        ctx.response().putHeader("Content-Type", "application/json").end(reply.put("rejected", rejected).encode());
    }

    /** Event id for events; product id and timestamp for snapshots; a product is never a duplicate. */
    private String key(String idField, boolean countsDuplicates, JsonObject item) {
        if (!countsDuplicates) {
            return "product " + item.getString(idField) + " #" + itemsSeen.get();
        }
        return idField.equals("event_id") ? item.getString(idField)
                : "snapshot " + item.getString(idField) + "@" + item.getString("timestamp");
    }

    private static JsonArray errors(JsonObject item, String idField) {
        JsonArray errors = new JsonArray();
        String id = item.getString(idField);
        if (id != null && id.startsWith("bad")) {
            errors.add(new JsonObject().put("field", idField).put("message", "ids starting with bad are refused"));
        }
        JsonObject properties = item.getJsonObject("properties");
        JsonArray products = properties == null ? null : properties.getJsonArray("products");
        for (int k = 0; products != null && k < products.size(); k++) {
            Number q = products.getJsonObject(k).getNumber("quantity");
            if (q != null && q.doubleValue() <= 0) {
                errors.add(new JsonObject().put("field", "properties.products[" + k + "].quantity")
                        .put("message", "must be greater than 0"));
            }
        }
        return errors;
    }

    private static void problem(RoutingContext ctx, int status, String detail) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("status", status).put("detail", detail).encode());
    }

    @Override
    public void close() {
        vertx.close().await();
    }

    /** Standalone: {@code ImportTestServer [port]} serves shop s1 with key test-key until killed. */
    public static void main(String[] args) {
        ImportTestServer s = new ImportTestServer(false, args.length > 0 ? Integer.parseInt(args[0]) : 8099);
        System.out.println("import test server on " + s.url() + " (shop " + SHOP + ", key " + KEY + ")");
    }
}
