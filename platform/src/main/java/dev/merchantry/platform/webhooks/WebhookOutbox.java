package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.storage.WebhookRepository;
import dev.merchantry.platform.storage.WebhookRepository.NewDelivery;
import dev.merchantry.platform.storage.WebhookRepository.Webhook;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns notifications into outbox rows in the transaction of the change they report ({@link Notices}): for each
 * notification, one delivery per webhook of its shop that subscribed to it, with the body every attempt will send,
 * {@code {id, type, shop, created_at, data}} ({@code id} names the notification: the same for every webhook and
 * every attempt, so a receiver can drop repeats; {@code data} is the notification's body as docs/event-bus.md
 * describes it). A change and its deliveries are committed together: a node killed right after the commit delivers
 * them after its restart (or another node does). Only the node that made the change writes them, once; shops
 * without webhooks cost a read in the transaction and no write.
 */
public final class WebhookOutbox implements Notices.Recorder {

    private final WebhookRepository repository;
    private final WebhookOptions options;
    private final Clock clock;
    private final Runnable written;
    private final WebhookTelemetry telemetry;

    WebhookOutbox(WebhookRepository repository, WebhookOptions options, Clock clock, WebhookTelemetry telemetry,
                  Runnable written) {
        this.repository = repository;
        this.options = options;
        this.clock = clock;
        this.telemetry = telemetry;
        this.written = written;
    }

    @Override
    public List<NewDelivery> deliveries(List<Notices.Notice> notices, Function<String, List<Webhook>> webhooksOf) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, List<Webhook>> subscribers = new HashMap<>();
        List<NewDelivery> deliveries = new ArrayList<>();
        for (Notices.Notice n : notices) {
            List<Webhook> hooks = subscribers.computeIfAbsent(n.shop(), webhooksOf);
            String eventId = null;
            String body = null;
            for (Webhook w : hooks) {
                if (!w.events().contains(n.type())) {
                    continue;
                }
                if (eventId == null) {
                    eventId = Webhooks.newId("evt_");
                    body = new JsonObject().put("id", eventId).put("type", n.type()).put("shop", n.shop())
                            .put("created_at", at.toString()).put("data", n.body()).encode();
                }
                Object customer = n.body().getValue("customer_id");
                deliveries.add(new NewDelivery(Webhooks.newId("dlv_"), w.id(), n.shop(), eventId, n.type(),
                        customer instanceof String s ? s : null, body, at, at.plus(options.retryWindow())));
            }
        }
        return deliveries;
    }

    @Override
    public void stored(int count) {
        telemetry.enqueued(count);
        written.run();
    }

    /** The customer erasure's part here: pending and logged deliveries about the customer go, erasure notices stay. */
    public Map<String, Long> eraseCustomer(String shop, String customerKey) {
        return repository.eraseCustomer(shop, customerKey, Addresses.CUSTOMER_ERASED);
    }
}
