package dev.merchantry.platform.catalog;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.CatalogRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which products of a shop must never be served (hidden, or out of stock at the latest snapshot), cached per node
 * and dropped on every {@link Addresses#CATALOG_CHANGED}, which every node receives, so a product hidden on one node
 * stops being recommended everywhere at once. Applied at serving time, independent of what a model learned.
 */
public final class CatalogAvailability {

    /** Upper bound on staleness should a notification be lost (e.g. a node briefly cut off from the cluster). */
    static final long MAX_AGE_MS = 60_000;

    private record Entry(Set<String> unavailable, Map<String, String> categories, long loadedAt) {
    }

    private final Vertx vertx;
    private final CatalogRepository catalog;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Bumped on every change, so a load that raced with one does not stay cached. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public CatalogAvailability(Vertx vertx, CatalogRepository catalog) {
        this.vertx = vertx;
        this.catalog = catalog;
        vertx.eventBus().<JsonObject>consumer(Addresses.CATALOG_CHANGED, msg -> {
            if (msg.body() != null && msg.body().getValue("shop") instanceof String shop) {
                changed(shop);
            }
        });
    }

    /** Forgets the shop's entry: called at once for this node's own writes, and on every node's notice. */
    public void changed(String shop) {
        generation.incrementAndGet();
        cache.remove(shop);
    }

    /** Ids of the shop's products that must not be served. */
    public Future<Set<String>> unavailable(String shop) {
        return entry(shop).map(Entry::unavailable);
    }

    /** Category of each product of the shop that has one (for the {@code category} filter of recommendations). */
    public Future<Map<String, String>> categories(String shop) {
        return entry(shop).map(Entry::categories);
    }

    private Future<Entry> entry(String shop) {
        Entry e = cache.get(shop);
        long now = System.currentTimeMillis();
        if (e != null && now - e.loadedAt < MAX_AGE_MS) {
            return Future.succeededFuture(e);
        }
        long readAt = generation.get();
        return vertx.executeBlocking(() -> new Entry(Set.copyOf(catalog.unavailable(shop)),
                Map.copyOf(catalog.categories(shop)), now), false).andThen(ar -> {
                    if (ar.succeeded()) {
                        cache.put(shop, ar.result());
                        // Put first, check after: a change that ran meanwhile removes this entry too.
                        if (generation.get() != readAt) {
                            cache.remove(shop, ar.result());
                        }
                    }
                });
    }
}
