package dev.merchantry.platform.serving;

import dev.merchantry.platform.service.Schema;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of recommendation answers per shop over the last hour on this node (one-minute buckets): how many were
 * answered by the bound strategy and how many by a fallback. A shop served mostly by its fallback has a recommender
 * that is untrained, failing or blind to its shoppers — the console raises it as an alert. Counting takes no lock
 * (adders in per-minute maps), since every recommendation passes here.
 */
public final class ServingStats {

    static final int WINDOW_MINUTES = 60;

    /** {@link #toJson}'s shape. */
    public static final Schema SCHEMA = Schema.object("ServingStats")
            .required("window_minutes", Schema.integer())
            .required("scope", Schema.string().doc("node: this node's answers only"))
            .required("recommendations", Schema.object()
                    .required("requests", Schema.integer())
                    .required("fallback", Schema.integer())
                    .required("fallback_share", Schema.number().nullable())
                    .required("by_strategy", Schema.map(Schema.integer())));

    /** The answers of one shop in one minute. */
    private static final class Minute {
        final LongAdder requests = new LongAdder();
        final LongAdder fallback = new LongAdder();
        final Map<String, LongAdder> byStrategy = new ConcurrentHashMap<>();
    }

    private final Clock clock;
    /** shop → minute (epoch minutes) → counts; minutes that left the window are dropped as new ones start. */
    private final Map<String, Map<Long, Minute>> shops = new ConcurrentHashMap<>();

    public ServingStats(Clock clock) {
        this.clock = clock;
    }

    /** Records one answer; {@code strategy} null when nothing in the chain could answer. */
    void record(String shop, String strategy, boolean fallback) {
        long now = clock.millis() / 60_000;
        Map<Long, Minute> minutes = shops.get(shop);
        if (minutes == null) {
            minutes = shops.computeIfAbsent(shop, s -> new ConcurrentHashMap<>());
        }
        Minute minute = minutes.get(now);
        if (minute == null) {
            minute = minutes.computeIfAbsent(now, m -> new Minute());
            minutes.keySet().removeIf(m -> m <= now - WINDOW_MINUTES);
        }
        minute.requests.increment();
        if (fallback || strategy == null) {
            minute.fallback.increment();
        }
        String key = strategy == null ? "none" : strategy;
        LongAdder byStrategy = minute.byStrategy.get(key);
        if (byStrategy == null) {
            byStrategy = minute.byStrategy.computeIfAbsent(key, k -> new LongAdder());
        }
        byStrategy.increment();
    }

    /** {@code {window_minutes, recommendations: {requests, fallback, fallback_share, by_strategy}}}. */
    public JsonObject toJson(String shop) {
        long now = clock.millis() / 60_000;
        long requests = 0;
        long fallback = 0;
        Map<String, Long> byStrategy = new HashMap<>();
        for (Map.Entry<Long, Minute> e : shops.getOrDefault(shop, Map.of()).entrySet()) {
            if (e.getKey() > now - WINDOW_MINUTES && e.getKey() <= now) {
                Minute m = e.getValue();
                requests += m.requests.sum();
                fallback += m.fallback.sum();
                m.byStrategy.forEach((k, v) -> byStrategy.merge(k, v.sum(), Long::sum));
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
