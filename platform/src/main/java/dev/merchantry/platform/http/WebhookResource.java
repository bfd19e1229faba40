package dev.merchantry.platform.http;

import dev.merchantry.platform.http.ApiRoutes.Access;
import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.Credential;
import dev.merchantry.platform.storage.WebhookRepository.Attempt;
import dev.merchantry.platform.storage.WebhookRepository.Delivery;
import dev.merchantry.platform.storage.WebhookRepository.Webhook;
import dev.merchantry.platform.webhooks.Webhooks;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * {@code /api/v1/shops/{shop}/webhooks}: a shop's webhooks — create (the secret is shown once), list, read, delete —
 * and their delivery log with redelivery (docs/webhooks.md). Every route needs the {@code manage} scope, reads
 * included: a webhook's URL and log are the shop's integration settings, like its keys. Creations and deletions are
 * logged with their actor (never the secret).
 */
public final class WebhookResource {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookResource.class);

    private static final String BASE = "/api/v1/shops/:shop/webhooks";
    private static final QueryParam LIMIT = QueryParam.integer("limit", 50, 1, 200, "deliveries to return");
    private static final Schema EVENT = Schema.enumOf(Webhooks.EVENTS.toArray(String[]::new));

    /** A webhook without its secret. */
    static final Schema WEBHOOK = Schema.object("Webhook")
            .required("id", Schema.string())
            .required("url", Schema.string())
            .required("events", Schema.array(EVENT))
            .required("created_at", Schema.dateTime());
    /** One delivery of a notification to a webhook, with its attempts. */
    static final Schema DELIVERY = Schema.object("WebhookDelivery")
            .required("id", Schema.string().doc("sent as X-Merchantry-Delivery"))
            .required("event_id", Schema.string())
            .required("type", EVENT)
            .required("state", Schema.enumOf("pending", "delivered", "failed"))
            .required("in_flight", Schema.bool().doc("an attempt is under way now"))
            .required("created_at", Schema.dateTime())
            .required("next_attempt_at", Schema.dateTime().nullable().doc("null once delivered or failed"))
            .required("give_up_at", Schema.dateTime())
            .required("finished_at", Schema.dateTime().nullable())
            .required("attempts", Schema.array(Schema.object()
                    .required("attempt", Schema.integer().min(1))
                    .required("started_at", Schema.dateTime())
                    .required("status_code", Schema.integer().nullable().doc("null when no answer came"))
                    .required("duration_ms", Schema.integer().min(0))
                    .required("error", Schema.string().nullable())
                    .required("response_excerpt", Schema.string().nullable())));

    private final Webhooks webhooks;

    public WebhookResource(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    public void register(ApiRoutes routes) {
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE, Access.SHOP,
                "Create a webhook: the shop's notifications named in events are POSTed to url, signed with the"
                        + " secret (generated unless given; the reply holds it, shown only this once). The url's host"
                        + " must resolve to public addresses only (400 naming url otherwise)")
                        .tag("webhooks").success(201)
                        .body(Webhooks.CREATE_REQUEST)
                        .response(WEBHOOK.named("CreatedWebhook")
                                .required("secret", Schema.string().doc("the secret, shown only this once")))
                        .scope(Credential.Scope.MANAGE),
                ctx -> webhooks.create(ctx.pathParam("shop"), Bodies.object(ctx)).map(created -> {
                    Webhook w = created.webhook();
                    EventLog.info(LOG, "webhook created").with("shop", w.shopId()).with("webhook_id", w.id())
                            .with("url", w.url()).with("events", String.join(",", w.events()))
                            .with("actor", AuthenticationHandler.principal(ctx).actor()).log();
                    return Reply.created(toJson(w).put("secret", created.secret()));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.GET, BASE, Access.SHOP,
                "The shop's webhooks, oldest first (never the secret)")
                        .tag("webhooks").scope(Credential.Scope.MANAGE)
                        .response(Schema.object().required("webhooks", Schema.array(WEBHOOK))),
                ctx -> webhooks.list(ctx.pathParam("shop")).map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(w -> out.add(toJson(w)));
                    return Reply.ok(new JsonObject().put("webhooks", out));
                }));
        routes.handle(ApiRoutes.op(HttpMethod.GET, BASE + "/:id", Access.SHOP, "One webhook (never the secret)")
                        .tag("webhooks").scope(Credential.Scope.MANAGE).response(WEBHOOK),
                ctx -> webhooks.get(ctx.pathParam("shop"), ctx.pathParam("id")).map(w -> Reply.ok(toJson(w))));
        routes.handle(ApiRoutes.op(HttpMethod.DELETE, BASE + "/:id", Access.SHOP,
                "Delete a webhook with its pending deliveries and its log").tag("webhooks").success(204)
                        .scope(Credential.Scope.MANAGE),
                ctx -> webhooks.delete(ctx.pathParam("shop"), ctx.pathParam("id")).map(v -> {
                    EventLog.info(LOG, "webhook deleted").with("shop", ctx.pathParam("shop"))
                            .with("webhook_id", ctx.pathParam("id"))
                            .with("actor", AuthenticationHandler.principal(ctx).actor()).log();
                    return Reply.noContent();
                }));
        routes.handle(ApiRoutes.op(HttpMethod.GET, BASE + "/:id/deliveries", Access.SHOP,
                "The webhook's deliveries, newest first, each with its attempts")
                        .tag("webhooks").scope(Credential.Scope.MANAGE).query(LIMIT)
                        .response(Schema.object().required("deliveries", Schema.array(DELIVERY))),
                ctx -> {
                    int limit = LIMIT.intValue(ctx);
                    return webhooks.deliveries(ctx.pathParam("shop"), ctx.pathParam("id"), limit).map(list -> {
                        JsonArray out = new JsonArray();
                        list.forEach(d -> out.add(toJson(d)));
                        return Reply.ok(new JsonObject().put("deliveries", out));
                    });
                });
        routes.handle(ApiRoutes.op(HttpMethod.POST, BASE + "/:id/deliveries/:delivery_id/redeliver", Access.SHOP,
                "Send a delivery again, whatever its state: it is due at once with a fresh 24-hour retry window, and"
                        + " keeps its id, body and earlier attempts; 409 while an attempt of it is in flight")
                        .tag("webhooks").success(202).scope(Credential.Scope.MANAGE).response(DELIVERY),
                ctx -> webhooks.redeliver(ctx.pathParam("shop"), ctx.pathParam("id"), ctx.pathParam("delivery_id"))
                        .map(d -> Reply.accepted(toJson(d))));
    }

    static JsonObject toJson(Webhook w) {
        return new JsonObject().put("id", w.id()).put("url", w.url()).put("events", new JsonArray(w.events()))
                .put("created_at", w.createdAt().toString());
    }

    static JsonObject toJson(Delivery d) {
        JsonArray attempts = new JsonArray();
        for (Attempt a : d.log()) {
            attempts.add(new JsonObject().put("attempt", a.attempt()).put("started_at", a.startedAt().toString())
                    .put("status_code", a.statusCode()).put("duration_ms", a.durationMs()).put("error", a.error())
                    .put("response_excerpt", a.responseExcerpt()));
        }
        return new JsonObject().put("id", d.id()).put("event_id", d.eventId()).put("type", d.eventType())
                .put("state", d.state().name().toLowerCase(java.util.Locale.ROOT)).put("in_flight", d.inFlight())
                .put("created_at", text(d.createdAt())).put("next_attempt_at", text(d.nextAttemptAt()))
                .put("give_up_at", text(d.giveUpAt())).put("finished_at", text(d.finishedAt()))
                .put("attempts", attempts);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
