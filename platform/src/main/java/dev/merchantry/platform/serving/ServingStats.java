package dev.merchantry.platform.serving;

import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts of recommendation answers per shop over the last hour on this node (one-minute buckets): how many were
 * answered by the bound strategy and how many by a fallback. A shop served mostly by its fallback has a recommender
 * that is untrained, failing or blind to its shoppers — the console raises it as an alert.
 */
public final class ServingStats {

    static final int WINDOW_MINUTES = 60;

    private static final class Bucket {
        long minute = -1;
        long requests;
        long fallback;
        final Map<String, Long> byStrategy = new HashMap<>();
    }

    private final Clock clock;
    private final Map<String, Bucket[]> shops = new ConcurrentHashMap<>();

    public ServingStats(Clock clock) {
        this.clock = clock;
    }

    /** Records one answer; {@code strategy} null when nothing in the chain could answer. */
    void record(String shop, String strategy, boolean fallback) {
        long minute = clock.millis() / 60_000;
        Bucket[] ring = shops.computeIfAbsent(shop, s -> newRing());
        synchronized (ring) {
            Bucket b = ring[(int) (minute % WINDOW_MINUTES)];
            if (b.minute != minute) {
                b.minute = minute;
                b.requests = 0;
                b.fallback = 0;
                b.byStrategy.clear();
            }
            b.requests++;
            if (fallback || strategy == null) {
                b.fallback++;
            }
            b.byStrategy.merge(strategy == null ? "none" : strategy, 1L, Long::sum);
        }
    }

    private static Bucket[] newRing() {
        Bucket[] ring = new Bucket[WINDOW_MINUTES];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new Bucket();
        }
        return ring;
    }

    /** {@code {window_minutes, recommendations: {requests, fallback, fallback_share, by_strategy}}}. */
    public JsonObject toJson(String shop) {
        long now = clock.millis() / 60_000;
        long requests = 0;
        long fallback = 0;
        Map<String, Long> byStrategy = new HashMap<>();
        Bucket[] ring = shops.get(shop);
        if (ring != null) {
            synchronized (ring) {
                for (Bucket b : ring) {
                    if (b.minute > now - WINDOW_MINUTES) {
                        requests += b.requests;
                        fallback += b.fallback;
                        b.byStrategy.forEach((k, v) -> byStrategy.merge(k, v, Long::sum));
                    }
                }
            }
        }
        JsonObject strategies = new JsonObject();
        byStrategy.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> strategies.put(e.getKey(), e.getValue()));
        return new JsonObject().put("window_minutes", WINDOW_MINUTES).put("scope", "node")
                .put("recommendations", new JsonObject().put("requests", requests).put("fallback", fallback)
                        .put("fallback_share", requests == 0 ? null : (double) fallback / requests)
                        .put("by_strategy", strategies));
    }
}
