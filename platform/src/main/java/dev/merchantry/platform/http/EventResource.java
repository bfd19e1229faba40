package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.ingest.BatchBody;
import dev.merchantry.platform.ingest.EventTypes;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.EventRecord;
import dev.merchantry.platform.storage.EventRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** {@code /api/v1/shops/{shop}/events}: ingest batches (JSON array or NDJSON), list recent events, summarize. */
public final class EventResource {

    private static final QueryParam TYPE = QueryParam.string("type", "only this event type (Segment or GA4 name)");
    private static final QueryParam LIMIT = QueryParam.integer("limit", 50, 1, 200, "events");
    private static final QueryParam DAYS = QueryParam.integer("days", 90, 1, 730, "days, today included");
    /** A stored event, as listed. */
    static final Schema STORED_EVENT = Schema.object("StoredEvent")
            .required("event_id", Schema.string())
            .required("type", Schema.string().doc("the canonical (Segment) name"))
            .required("timestamp", Schema.dateTime())
            .optional("customer_id", Schema.string())
            .optional("anonymous_id", Schema.string())
            .required("properties", Schema.map(Schema.any()));
    static final Schema SUMMARY = Schema.object("EventSummary")
            .required("total", Schema.integer())
            .required("by_type", Schema.map(Schema.integer()))
            .required("last_30_days", Schema.map(Schema.integer()))
            .required("latest_event_at", Schema.dateTime().nullable());
    static final Schema DAILY = Schema.object("DailyEventCounts")
            .required("from", Schema.date())
            .required("days", Schema.array(Schema.object()
                    .required("date", Schema.date())
                    .required("counts", Schema.map(Schema.integer()).doc("events per type"))));

    private final Vertx vertx;
    private final IngestService ingest;
    private final EventRepository events;

    public EventResource(Vertx vertx, IngestService ingest, EventRepository events) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.events = events;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, "/api/v1/shops/:shop/events", Access.SHOP,
                "Ingest commerce events (Segment v2 or GA4 names); answers after the accepted ones are durable")
                        .tag("data")
                        .scope(Credential.Scope.INGEST)
                        .body(Schema.array(IngestService.EVENT).maxItems(IngestService.MAX_EVENTS)
                                        .doc("JSON array of events, or NDJSON (one event a line); at most "
                                                + IngestService.MAX_EVENTS + " events"),
                                "application/json", IngestService.MAX_BODY_BYTES)
                        .response(IngestService.INGEST_RESULT),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    return vertx.executeBlocking(() -> BatchBody.parse(ctx.body().buffer(),
                                    ctx.request().getHeader("Content-Type"), IngestService.MAX_EVENTS, "events"), false)
                            .compose(entries -> ingest.ingest(shop, entries)).map(Reply::ok);
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/events", Access.SHOP,
                "The most recent events, newest first").tag("data")
                        .query(TYPE, LIMIT)
                        .response(Schema.object().required("events", Schema.array(STORED_EVENT))),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    int limit = LIMIT.intValue(ctx);
                    String typeName = TYPE.value(ctx);
                    String type = typeName == null ? null : EventTypes.canonical(typeName)
                            .orElseThrow(() -> ServiceException.field("type", "unknown event type '" + typeName
                                    + "'; use one of " + EventTypes.acceptedNames()));
                    return vertx.executeBlocking(() -> events.recent(shop, type, limit)).map(list -> {
                        JsonArray out = new JsonArray();
                        list.forEach(e -> out.add(toJson(e)));
                        return Reply.ok(new JsonObject().put("events", out));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/events/summary", Access.SHOP,
                "Event counts per type (all time and last 30 days) and the latest event time").tag("data")
                        .response(SUMMARY),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    return vertx.executeBlocking(() -> {
                        var all = events.countsByType(shop, null);
                        var recent = events.countsByType(shop, Instant.now().minusSeconds(30L * 86_400));
                        Instant latest = events.latestEventTime(shop);
                        return new JsonObject()
                                .put("total", all.values().stream().mapToLong(Long::longValue).sum())
                                .put("by_type", new JsonObject(new java.util.LinkedHashMap<>(all)))
                                .put("last_30_days", new JsonObject(new java.util.LinkedHashMap<>(recent)))
                                .put("latest_event_at", latest == null ? null : latest.toString());
                    }).map(Reply::ok);
                });
        registerDaily(routes);
    }

    private void registerDaily(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/events/daily", Access.SHOP,
                "Event counts per UTC day and type over the last days (days without events are left out)").tag("data")
                        .query(DAYS).response(DAILY),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    int days = DAYS.intValue(ctx);
                    long today = Math.floorDiv(System.currentTimeMillis(), 86_400_000L);
                    Instant since = Instant.ofEpochMilli((today - days + 1) * 86_400_000L);
                    return vertx.executeBlocking(() -> {
                        JsonArray out = new JsonArray();
                        events.dailyCountsByType(shop, since).forEach((day, counts) -> out.add(new JsonObject()
                                .put("date", java.time.LocalDate.ofEpochDay(day).toString())
                                .put("counts", new JsonObject(new java.util.LinkedHashMap<>(counts)))));
                        return Reply.ok(new JsonObject().put("from", java.time.LocalDate.ofEpochDay(today - days + 1)
                                .toString()).put("days", out));
                    });
                });
    }

    static JsonObject toJson(EventRecord e) {
        JsonObject o = new JsonObject().put("event_id", e.eventId()).put("type", e.type())
                .put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
        if (e.customerId() != null) {
            o.put("customer_id", e.customerId());
        }
        if (e.anonymousId() != null) {
            o.put("anonymous_id", e.anonymousId());
        }
        return o.put("properties", new JsonObject(e.propertiesJson()));
    }
}
