package dev.merchantry.platform.serving;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.merchantry.platform.ingest.EventTypes;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.CommerceViews;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each customer already bought, for the already-bought filter of recommendations. Cached per node (a bounded
 * LRU) because serving is hot; a shop's entries are dropped on every {@link Addresses#EVENTS_INGESTED} that carries
 * orders or refunds, which every node receives, so a purchase is filtered as soon as its batch is acknowledged.
 * Lock-free on the serving path (Caffeine's reads take no lock; an access-ordered map would need one for every get).
 */
public final class PurchasedProducts {

    static final int MAX_CACHED_CUSTOMERS = 20_000;
    /** Purchases read per customer (newest first). */
    static final int MAX_PER_CUSTOMER = 2_000;

    private final Vertx vertx;
    /** Bumped on every invalidation, so a read that raced with one does not stay cached. */
    private final AtomicLong generation = new AtomicLong();
    private final CommerceViews views;
    private final Cache<String, List<String>> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED_CUSTOMERS).build();

    public PurchasedProducts(Vertx vertx, CommerceViews views) {
        this.vertx = vertx;
        this.views = views;
        vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS_INGESTED, msg -> ingested(msg.body()));
    }

    /** Drops the shop's entries when a batch carried orders: at once for this node's batches, and on every notice. */
    public void ingested(JsonObject notice) {
        if (notice != null && notice.getValue("shop") instanceof String shop && touchesOrders(notice.getValue("types"))) {
            String prefix = shop + '\u0000';
            generation.incrementAndGet();
            cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    private static boolean touchesOrders(Object types) {
        if (types instanceof JsonObject byType) {
            return byType.containsKey(EventTypes.ORDER_COMPLETED) || byType.containsKey(EventTypes.ORDER_REFUNDED);
        }
        if (types instanceof JsonArray list) {
            return list.contains(EventTypes.ORDER_COMPLETED) || list.contains(EventTypes.ORDER_REFUNDED);
        }
        return true; // unknown shape: be safe
    }

    /** Products the customer (stored id) bought, newest first. */
    public Future<List<String>> of(String shop, String customerKey) {
        String key = shop + '\u0000' + customerKey;
        List<String> cached = cache.getIfPresent(key);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        long readAt = generation.get();
        return vertx.executeBlocking(() -> List.copyOf(views.purchasedBy(shop, customerKey, MAX_PER_CUSTOMER)), false)
                .andThen(ar -> {
                    if (ar.succeeded()) {
                        cache.put(key, ar.result());
                        // Put first, check after: an invalidation that ran meanwhile removes this entry too.
                        if (generation.get() != readAt) {
                            cache.invalidate(key);
                        }
                    }
                });
    }
}
