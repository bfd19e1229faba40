package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Commerce events of all shops; inserts are idempotent on (shop, event_id). */
public interface EventRepository {

    /**
     * Stores the events in one transaction and returns, per event, whether it was new ({@code true}) or an id the
     * shop already had ({@code false}, nothing written). Returns only after the commit.
     */
    boolean[] insert(String shop, List<EventRecord> events);

    /** Number of events per canonical type, optionally only since {@code since}. */
    Map<String, Long> countsByType(String shop, Instant since);

    /** Number of events per UTC day (epoch day) and canonical type, for days starting at or after {@code since}. */
    Map<Long, Map<String, Long>> dailyCountsByType(String shop, Instant since);

    /** The most recent events of a shop, newest first, optionally of one canonical type. */
    List<EventRecord> recent(String shop, String type, int limit);

    /** Time of the latest event of the shop, or null when it has none. */
    Instant latestEventTime(String shop);

    /** Deletes every event (and line) of a customer or visitor id; returns rows removed per table. */
    Map<String, Long> eraseCustomer(String shop, String customerKey);
}
