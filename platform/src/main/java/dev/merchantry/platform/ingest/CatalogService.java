package dev.merchantry.platform.ingest;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.CatalogRepository;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.storage.InventorySnapshot;
import dev.merchantry.platform.storage.Product;
import dev.merchantry.platform.storage.ProductPatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shop's catalog and stock: validates product upserts and inventory snapshots record by record, stores the valid
 * ones in one transaction, and announces every change on {@link Addresses#CATALOG_CHANGED} so each node's
 * availability filter (hidden / out-of-stock products are never recommended) refreshes at once.
 */
public final class CatalogService {

    private final java.util.List<java.util.function.Consumer<String>> changeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public static final int MAX_PRODUCTS = 5_000;
    public static final int MAX_SNAPSHOTS = 10_000;

    /** One product of an upsert: fields left out keep their stored value. */
    public static final Schema PRODUCT_UPSERT = Schema.object("ProductUpsert")
            .required("product_id", Schema.string())
            .optional("sku", Schema.string().nullable())
            .optional("title", Schema.string().nullable())
            .optional("category", Schema.string().nullable().doc("'a/b' or 'a > b' for sub-categories"))
            .optional("price", Schema.number().min(0).nullable())
            .optional("cost", Schema.number().min(0).nullable())
            .optional("currency", Schema.string().nullable().doc("ISO 4217"))
            .optional("hidden", Schema.bool().doc("never recommended"));
    /** A stored product. */
    public static final Schema PRODUCT = Schema.object("Product")
            .required("product_id", Schema.string())
            .required("sku", Schema.string().nullable())
            .required("title", Schema.string().nullable())
            .required("category", Schema.string().nullable())
            .required("price", Schema.number().nullable())
            .required("cost", Schema.number().nullable())
            .required("currency", Schema.string().nullable())
            .required("hidden", Schema.bool())
            .required("on_hand", Schema.integer().nullable().doc("latest inventory snapshot"))
            .required("on_hand_at", Schema.dateTime().nullable())
            .required("updated_at", Schema.dateTime());
    /** One inventory snapshot. */
    public static final Schema SNAPSHOT = Schema.object("InventorySnapshot")
            .required("product_id", Schema.string())
            .required("on_hand", Schema.integer().min(0))
            .required("timestamp", Schema.dateTime());
    private static final Set<String> PRODUCT_FIELDS = PRODUCT_UPSERT.propertyNames();
    private static final Set<String> SNAPSHOT_FIELDS = SNAPSHOT.propertyNames();
    /** {@code merchantry.catalog.changed}: published after products or inventory of a shop changed. */
    public static final Schema CATALOG_CHANGED = Schema.object()
            .required("shop", Schema.string())
            .required("changed", Schema.integer().doc("products or snapshots stored"));
    /** What an upsert of products answers. */
    public static final Schema UPSERT_RESULT = Schema.object()
            .required("accepted", Schema.integer())
            .required("rejected", Schema.array(IngestService.REJECTION));

    private final Vertx vertx;
    private final CatalogRepository catalog;
    private final Clock clock;

    public CatalogService(Vertx vertx, CatalogRepository catalog, Clock clock) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Upserts products; reply {@code {accepted, rejected}}. */
    public Future<JsonObject> upsertProducts(String shop, List<Object> entries) {
        return vertx.executeBlocking(() -> upsertProductsBlocking(shop, entries), false);
    }

    public JsonObject upsertProductsBlocking(String shop, List<Object> entries) {
        List<ProductPatch> patches = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            if (!(entry instanceof JsonObject o)) {
                String message = entry instanceof BatchBody.Unreadable u ? u.message() : "must be a JSON object";
                rejections.add(new Rejection(i, "product_id", null, List.of(new FieldProblem("(product)", message))));
                continue;
            }
            FieldChecks f = new FieldChecks();
            f.text(o, path -> false);
            String id = f.string(o, "", "product_id", true, 200);
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String key : o.fieldNames()) {
                if (!PRODUCT_FIELDS.contains(key)) {
                    f.problem(FieldChecks.path("", key), "unknown field; a product has " + PRODUCT_FIELDS);
                }
            }
            readIfPresent(o, "sku", fields, () -> f.string(o, "", "sku", false, 64));
            readIfPresent(o, "title", fields, () -> f.string(o, "", "title", false, 500));
            readIfPresent(o, "category", fields, () -> f.string(o, "", "category", false, 200));
            readIfPresent(o, "price", fields, () -> f.number(o, "", "price", false, 0, false, Double.MAX_VALUE));
            readIfPresent(o, "cost", fields, () -> f.number(o, "", "cost", false, 0, false, Double.MAX_VALUE));
            readIfPresent(o, "currency", fields, () -> f.currency(o, "", "currency"));
            readIfPresent(o, "hidden", fields, () -> {
                Boolean b = f.bool(o, "", "hidden");
                return b == null ? Boolean.FALSE : b;
            });
            if (f.ok()) {
                patches.add(new ProductPatch(id, fields));
            } else {
                rejections.add(new Rejection(i, "product_id", id, f.problems));
            }
        }
        if (!patches.isEmpty()) {
            Notices.withChange(stored -> List.of(changedNotice(shop, patches.size())),
                    () -> catalog.upsert(shop, patches));
            announce(shop, patches.size());
        }
        return new JsonObject().put("accepted", patches.size()).put("rejected", toJson(rejections));
    }

    /** Present key with JSON null clears the field; present key with a value sets it when valid. */
    private static void readIfPresent(JsonObject o, String key, Map<String, Object> fields,
                                      java.util.function.Supplier<Object> read) {
        if (!o.containsKey(key)) {
            return;
        }
        if (o.getValue(key) == null) {
            fields.put(key, "hidden".equals(key) ? Boolean.FALSE : null);
            return;
        }
        Object value = read.get();
        if (value != null) {
            fields.put(key, value);
        }
    }

    /** Stores inventory snapshots; reply {@code {accepted, duplicates, rejected}}. */
    public Future<JsonObject> addSnapshots(String shop, List<Object> entries) {
        return vertx.executeBlocking(() -> addSnapshotsBlocking(shop, entries), false);
    }

    public JsonObject addSnapshotsBlocking(String shop, List<Object> entries) {
        Instant latest = clock.instant().plus(EventValidator.MAX_FUTURE);
        List<InventorySnapshot> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            if (!(entry instanceof JsonObject o)) {
                String message = entry instanceof BatchBody.Unreadable u ? u.message() : "must be a JSON object";
                rejections.add(new Rejection(i, "product_id", null, List.of(new FieldProblem("(snapshot)", message))));
                continue;
            }
            FieldChecks f = new FieldChecks();
            f.text(o, path -> false);
            for (String key : o.fieldNames()) {
                if (!SNAPSHOT_FIELDS.contains(key)) {
                    f.problem(FieldChecks.path("", key), "unknown field; a snapshot has " + SNAPSHOT_FIELDS);
                }
            }
            String id = f.string(o, "", "product_id", true, 200);
            Double onHand = f.number(o, "", "on_hand", true, 0, false, 1e15);
            if (onHand != null && onHand != Math.rint(onHand)) {
                f.problem("on_hand", "must be a whole number of units");
            }
            Instant t = f.timestamp(o, "", "timestamp", latest);
            if (f.ok()) {
                valid.add(new InventorySnapshot(id, onHand.longValue(), t.toEpochMilli()));
                validIndex.add(i);
            } else {
                rejections.add(new Rejection(i, "product_id", id, f.problems));
            }
        }
        long stored = 0;
        long duplicates = 0;
        if (!valid.isEmpty()) {
            List<CatalogRepository.SnapshotResult> results = Notices.withChange(r -> {
                long n = r.stream().filter(x -> x == CatalogRepository.SnapshotResult.STORED).count();
                return n > 0 ? List.of(changedNotice(shop, n)) : List.of();
            }, () -> catalog.addSnapshots(shop, valid));
            for (int k = 0; k < results.size(); k++) {
                switch (results.get(k)) {
                    case STORED -> stored++;
                    case DUPLICATE -> duplicates++;
                    case UNKNOWN_PRODUCT -> rejections.add(new Rejection(validIndex.get(k), "product_id",
                            valid.get(k).productId(), List.of(new FieldProblem("product_id",
                            "unknown product; add it with PUT /api/v1/shops/" + shop + "/products first"))));
                }
            }
            rejections.sort(java.util.Comparator.comparingInt(Rejection::index));
            if (stored > 0) {
                announce(shop, stored);
            }
        }
        return new JsonObject().put("accepted", stored).put("duplicates", duplicates).put("rejected", toJson(rejections));
    }

    public Future<Product> find(String shop, String productId) {
        return vertx.executeBlocking(() -> catalog.find(shop, productId)).map(p -> p.orElseThrow(() ->
                ServiceException.notFound("shop '" + shop + "' has no product '" + productId + "'")));
    }

    public Future<List<Product>> list(String shop, String category, String afterId, int limit) {
        return vertx.executeBlocking(() -> catalog.list(shop, category, afterId, limit));
    }

    /**
     * Called with the shop on this node, before the writer gets its reply, whenever products or stock changed: this
     * node's caches are right for the very next request (other nodes learn it from the notice a moment later).
     */
    public void onChange(java.util.function.Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private void announce(String shop, long changed) {
        changeListeners.forEach(l -> l.accept(shop));
        vertx.eventBus().publish(Addresses.CATALOG_CHANGED, changedNotice(shop, changed).body());
    }

    private static Notices.Notice changedNotice(String shop, long changed) {
        return new Notices.Notice(Addresses.CATALOG_CHANGED, shop,
                new JsonObject().put("shop", shop).put("changed", changed));
    }

    private static JsonArray toJson(List<Rejection> rejections) {
        JsonArray out = new JsonArray();
        rejections.forEach(r -> out.add(r.toJson()));
        return out;
    }

    public static JsonObject toJson(Product p) {
        return new JsonObject().put("product_id", p.productId()).put("sku", p.sku()).put("title", p.title())
                .put("category", p.category()).put("price", p.price()).put("cost", p.cost())
                .put("currency", p.currency()).put("hidden", p.hidden()).put("on_hand", p.onHand())
                .put("on_hand_at", p.onHandAt() == null ? null : p.onHandAt().toString())
                .put("updated_at", p.updatedAt().toString());
    }
}
