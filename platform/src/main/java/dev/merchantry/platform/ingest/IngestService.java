package dev.merchantry.platform.ingest;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.EventRecord;
import dev.merchantry.platform.storage.EventRepository;
import dev.merchantry.platform.storage.Notices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Stores batches of commerce events: validates each event on its own, stores the valid ones in one transaction
 * (idempotent on {@code event_id}), answers only after the commit, then announces the batch on
 * {@link Addresses#EVENTS_INGESTED}. Both the REST resource and the {@code merchantry.ingest} consumer call it.
 */
public final class IngestService {

    private final java.util.List<java.util.function.Consumer<JsonObject>> ingestedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Called on this node with each batch's notice ({@code merchantry.events.ingested}) before the sender gets its
     * reply, so this node's caches are right for the very next request; other nodes learn it from the notice.
     */
    public void onIngested(java.util.function.Consumer<JsonObject> listener) {
        ingestedListeners.add(listener);
    }

    /** Most events one request may carry. */
    public static final int MAX_EVENTS = 10_000;
    /** Largest request body of the batch endpoints. */
    public static final long MAX_BODY_BYTES = 16L << 20;

    /** One commerce event as a shop sends it (docs/data.md). */
    public static final Schema EVENT = Schema.object("Event")
            .required("event_id", Schema.string().doc("idempotency key: a repeated id is counted as a duplicate"))
            .required("type", Schema.string().doc("Segment v2 or GA4 name, e.g. 'Order Completed' or 'purchase'"))
            .required("timestamp", Schema.dateTime())
            .optional("customer_id", Schema.string().doc("customer_id or anonymous_id is required"))
            .optional("anonymous_id", Schema.string())
            .optional("properties", Schema.map(Schema.any()).doc("product_id, price, quantity, products, currency,"
                    + " recommendation_id …"));
    /** Every problem of one record of a batch that was not stored. */
    public static final Schema REJECTION = Schema.object("Rejection")
            .required("index", Schema.integer().doc("position in the batch, from 0"))
            .optional("event_id", Schema.string().nullable())
            .optional("product_id", Schema.string().nullable())
            .required("errors", Schema.array(Schema.object()
                    .required("field", Schema.string().doc("a JSON path, e.g. properties.products[1].quantity"))
                    .required("message", Schema.string())));
    /** {@code merchantry.ingest}'s body. */
    public static final Schema INGEST_REQUEST = Schema.object("IngestRequest")
            .required("shop", Schema.string())
            .required("events", Schema.array(EVENT).maxItems(MAX_EVENTS));
    /** {@code merchantry.events.ingested}: published after every batch that stored at least one event. */
    public static final Schema EVENTS_INGESTED = Schema.object()
            .required("shop", Schema.string())
            .required("accepted", Schema.integer())
            .required("duplicates", Schema.integer())
            .required("types", Schema.map(Schema.integer()).doc("stored events per canonical type"))
            .required("from", Schema.dateTime().doc("event time of the earliest stored event"))
            .required("to", Schema.dateTime().doc("event time of the latest stored event"))
            .required("received_at", Schema.dateTime());
    /** What ingesting a batch answers, after the accepted events are durable. */
    public static final Schema INGEST_RESULT = Schema.object("IngestResult")
            .required("accepted", Schema.integer().doc("events stored now"))
            .required("duplicates", Schema.integer().doc("events whose event_id was stored before"))
            .required("rejected", Schema.array(REJECTION));

    private final Vertx vertx;
    private final EventRepository events;
    private final DataSettingsService settings;
    private final Pseudonymizer pseudonymizer;
    private final Clock clock;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;

    public IngestService(Vertx vertx, EventRepository events, DataSettingsService settings, Pseudonymizer pseudonymizer,
                         Clock clock, MeterRegistry metrics) {
        this.vertx = vertx;
        this.events = events;
        this.settings = settings;
        this.pseudonymizer = pseudonymizer;
        this.clock = clock;
        this.accepted = metrics.counter("merchantry_events_accepted");
        this.duplicates = metrics.counter("merchantry_events_duplicates");
        this.rejected = metrics.counter("merchantry_events_rejected");
    }

    /** Ingests parsed batch entries (see {@link BatchBody}); the reply is {@code {accepted, duplicates, rejected}}. */
    public Future<JsonObject> ingest(String shop, List<Object> entries) {
        // Unordered: concurrent batches of one shop may be validated and committed in parallel.
        return vertx.executeBlocking(() -> ingestBlocking(shop, entries), false);
    }

    /** The blocking body of {@link #ingest}, for callers already on a worker thread (e.g. the demo seeder). */
    public JsonObject ingestBlocking(String shop, List<Object> entries) {
        Instant now = clock.instant();
        UnaryOperator<String> ids = settings.get(shop).pseudonymizeCustomerIds()
                ? id -> pseudonymizer.pseudonym(shop, id) : UnaryOperator.identity();
        List<EventRecord> valid = new ArrayList<>(entries.size());
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            EventValidator.Result r = EventValidator.validate(i, entries.get(i), now, ids);
            if (r.rejection() != null) {
                rejections.add(r.rejection());
            } else {
                valid.add(r.record());
            }
        }
        boolean[] inserted = Notices.withChange(flags -> {
            JsonObject notice = ingestedNotice(shop, valid, flags, now);
            return notice == null ? List.of() : List.of(new Notices.Notice(Addresses.EVENTS_INGESTED, shop, notice));
        }, () -> events.insert(shop, valid));
        long stored = 0;
        for (boolean b : inserted) {
            stored += b ? 1 : 0;
        }
        long dup = valid.size() - stored;
        accepted.increment(stored);
        duplicates.increment(dup);
        rejected.increment(rejections.size());
        JsonObject notice = ingestedNotice(shop, valid, inserted, now);
        if (notice != null) {
            ingestedListeners.forEach(l -> l.accept(notice));
            vertx.eventBus().publish(Addresses.EVENTS_INGESTED, notice);
        }
        JsonArray rejectedJson = new JsonArray();
        rejections.forEach(r -> rejectedJson.add(r.toJson()));
        return new JsonObject().put("accepted", stored).put("duplicates", dup).put("rejected", rejectedJson);
    }

    /** The {@code merchantry.events.ingested} notice of a batch whose rows {@code inserted} marks; null if none was. */
    private static JsonObject ingestedNotice(String shop, List<EventRecord> valid, boolean[] inserted, Instant now) {
        Map<String, Long> types = new TreeMap<>();
        long stored = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i]) {
                EventRecord e = valid.get(i);
                stored++;
                types.merge(e.type(), 1L, Long::sum);
                first = Math.min(first, e.timestamp());
                last = Math.max(last, e.timestamp());
            }
        }
        if (stored == 0) {
            return null;
        }
        return new JsonObject().put("shop", shop).put("accepted", stored).put("duplicates", valid.size() - stored)
                .put("types", new JsonObject(new java.util.LinkedHashMap<>(types)))
                .put("from", Instant.ofEpochMilli(first).toString()).put("to", Instant.ofEpochMilli(last).toString())
                .put("received_at", now.toString());
    }
}
