package dev.merchantry.platform.performance;

import dev.merchantry.platform.storage.ImpressionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Keeps the recommendation lists served, off the serving path: serving only queues a record (no lock, no I/O), and
 * {@link #flush} — run every few hundred milliseconds on a worker — stores what waits in batches of one transaction
 * each, which the embedded database's group-commit writer commits together with other writes. At most
 * {@link #MAX_PENDING} lists wait; beyond that (the database far behind) lists are dropped and counted, never
 * blocking a shopper's request.
 */
public final class ImpressionLog {

    public static final int MAX_PENDING = 100_000;
    static final int BATCH = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ImpressionLog.class);

    private final Clock clock;
    private final Consumer<List<ImpressionRecord>> store;
    private final ConcurrentLinkedQueue<ImpressionRecord> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder stored = new LongAdder();

    /** {@code store} writes one batch durably (e.g. {@code PerformanceRepository::insertImpressions}). */
    public ImpressionLog(Clock clock, Consumer<List<ImpressionRecord>> store) {
        this.clock = clock;
        this.store = store;
    }

    /**
     * Queues one list served now; returns at once. A list without items showed nothing and is not kept.
     *
     * @param userKey the customer as stored, or null
     */
    public void served(String shop, String recommendationId, String strategyId, String experimentId,
                       String variantId, String userKey, List<String> items) {
        if (strategyId == null || items.isEmpty()) {
            return;
        }
        record(new ImpressionRecord(shop, recommendationId, clock.millis(), strategyId, experimentId, variantId,
                userKey, items));
    }

    void record(ImpressionRecord impression) {
        if (size.incrementAndGet() > MAX_PENDING) {
            size.decrementAndGet();
            dropped.increment();
            return;
        }
        pending.add(impression);
    }

    /** Blocking: stores everything queued so far; a failed batch is logged and dropped (counted). */
    public void flush() {
        while (true) {
            List<ImpressionRecord> batch = new ArrayList<>(Math.min(BATCH, Math.max(1, size.get())));
            ImpressionRecord next;
            while (batch.size() < BATCH && (next = pending.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;
            }
            size.addAndGet(-batch.size());
            try {
                store.accept(batch);
                stored.add(batch.size());
            } catch (RuntimeException e) {
                dropped.add(batch.size());
                LOG.warn("dropped {} recommendation impressions: {}", batch.size(), e.toString());
                return;
            }
        }
    }

    /** Lists waiting to be stored. */
    public int pending() {
        return size.get();
    }

    /** Lists dropped since start (queue full or a failed write). */
    public long dropped() {
        return dropped.sum();
    }

    /** Lists stored since start. */
    public long stored() {
        return stored.sum();
    }
}
