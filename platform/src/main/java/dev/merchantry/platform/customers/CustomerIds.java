package dev.merchantry.platform.customers;

import dev.merchantry.platform.ingest.DataSettingsService;
import dev.merchantry.platform.ingest.Pseudonymizer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a customer id named in a request to the id under which the shop's data is stored: the raw id, or its
 * pseudonym when the shop pseudonymizes. The setting is cached for a few seconds because serving is hot.
 */
public final class CustomerIds {

    static final long SETTING_TTL_MS = 5_000;

    private record Cached(boolean pseudonymize, long at) {
    }

    private final Vertx vertx;
    private final DataSettingsService settings;
    private final Pseudonymizer pseudonymizer;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public CustomerIds(Vertx vertx, DataSettingsService settings, Pseudonymizer pseudonymizer) {
        this.vertx = vertx;
        this.settings = settings;
        this.pseudonymizer = pseudonymizer;
    }

    public Future<String> storedId(String shop, String customerId) {
        Cached c = cache.get(shop);
        long now = System.currentTimeMillis();
        if (c != null && now - c.at < SETTING_TTL_MS && !c.pseudonymize) {
            return Future.succeededFuture(customerId);
        }
        return vertx.executeBlocking(() -> {
            boolean on = settings.get(shop).pseudonymizeCustomerIds();
            cache.put(shop, new Cached(on, now));
            return on ? pseudonymizer.pseudonym(shop, customerId) : customerId;
        }, false);
    }
}
