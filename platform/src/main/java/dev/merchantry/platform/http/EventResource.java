package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.ingest.BatchBody;
import dev.merchantry.platform.ingest.EventTypes;
import dev.merchantry.platform.ingest.IngestService;
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
                        .body("JSON array of {event_id, type, timestamp, customer_id | anonymous_id, properties}, or"
                                + " NDJSON; at most " + IngestService.MAX_EVENTS + " events",
                                "application/json", IngestService.MAX_BODY_BYTES),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    return vertx.executeBlocking(() -> BatchBody.parse(ctx.body().buffer(),
                                    ctx.request().getHeader("Content-Type"), IngestService.MAX_EVENTS, "events"), false)
                            .compose(entries -> ingest.ingest(shop, entries)).map(Reply::ok);
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/events", Access.SHOP,
                "The most recent events, newest first").tag("data")
                        .query("type", "string", "only this event type (Segment or GA4 name)")
                        .query("limit", "integer", "1-200, default 50"),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    int limit = Bodies.intParam(ctx, "limit", 50, 1, 200);
                    String typeName = ctx.queryParams().get("type");
                    String type = typeName == null || typeName.isBlank() ? null : EventTypes.canonical(typeName)
                            .orElseThrow(() -> ServiceException.field("type", "unknown event type '" + typeName
                                    + "'; use one of " + EventTypes.acceptedNames()));
                    return vertx.executeBlocking(() -> events.recent(shop, type, limit)).map(list -> {
                        JsonArray out = new JsonArray();
                        list.forEach(e -> out.add(toJson(e)));
                        return Reply.ok(new JsonObject().put("events", out));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.GET, "/api/v1/shops/:shop/events/summary", Access.SHOP,
                "Event counts per type (all time and last 30 days) and the latest event time").tag("data"),
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
                        .query("days", "integer", "1-730, default 90 (today included)"),
                ctx -> {
                    String shop = ctx.pathParam("shop");
                    int days = Bodies.intParam(ctx, "days", 90, 1, 730);
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
