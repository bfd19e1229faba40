package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.WebhookRepository;
import dev.merchantry.platform.storage.WebhookRepository.NewDelivery;
import dev.merchantry.platform.storage.WebhookRepository.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns the published notifications into outbox rows: for each notification, one delivery per webhook of its shop
 * that subscribed to it, with the body every attempt will send, {@code {id, type, shop, created_at, data}} ({@code
 * id} names the notification: the same for every webhook and every attempt, so a receiver can drop repeats;
 * {@code data} is the notification's body as docs/event-bus.md describes it).
 *
 * <p>It listens with <em>local</em> consumers: in a cluster a notification reaches every node, but only the node that
 * published it writes it, once. Notifications are written in batches (everything that arrived while the previous
 * batch was being written goes in one transaction), so a burst (a profile refresh publishes one notification per
 * customer whose group moved) costs few commits; shops without webhooks cost a read and no write.
 */
public final class WebhookOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);

    private record Notice(String type, JsonObject body, Instant at) {
    }

    private final Vertx vertx;
    private final WebhookRepository repository;
    private final WebhookOptions options;
    private final Clock clock;
    private final Runnable written;
    private final WebhookTelemetry telemetry;
    private final Queue<Notice> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private volatile Promise<Void> drained;

    WebhookOutbox(Vertx vertx, WebhookRepository repository, WebhookOptions options, Clock clock,
                  WebhookTelemetry telemetry, Runnable written) {
        this.vertx = vertx;
        this.repository = repository;
        this.options = options;
        this.clock = clock;
        this.telemetry = telemetry;
        this.written = written;
    }

    /** Listens to every notification a webhook may receive. */
    public void start() {
        for (String type : Webhooks.EVENTS) {
            consumers.add(vertx.eventBus().<JsonObject>localConsumer(type, msg -> accept(type, msg.body())));
        }
    }

    /**
     * Stops listening, then waits until every notification already received is written (a graceful stop loses
     * none of them).
     */
    public Future<Void> stop() {
        List<Future<Void>> done = new ArrayList<>();
        consumers.forEach(c -> done.add(c.unregister()));
        consumers.clear();
        return Future.all(done).compose(v -> {
            Promise<Void> promise = Promise.promise();
            drained = promise;
            flush();
            checkDrained();
            return promise.future();
        });
    }

    private void checkDrained() {
        Promise<Void> promise = drained;
        if (promise != null && pending.isEmpty() && !writing.get()) {
            promise.tryComplete();
        }
    }

    private void accept(String type, JsonObject body) {
        if (body == null || !(body.getValue("shop") instanceof String)) {
            LOG.warn("a {} notification without a shop cannot be delivered to webhooks", type);
            return;
        }
        pending.add(new Notice(type, body, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        flush();
    }

    private void flush() {
        if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
        }
        List<Notice> batch = new ArrayList<>();
        for (Notice n; (n = pending.poll()) != null; ) {
            batch.add(n);
        }
        vertx.executeBlocking(() -> write(batch), false).onComplete(ar -> {
            writing.set(false);
            if (ar.failed()) {
                LOG.error("writing {} notifications to the webhook outbox failed: {}", batch.size(),
                        ar.cause().toString());
            } else if (ar.result() > 0) {
                telemetry.enqueued(ar.result());
                written.run();
            }
            flush();
            checkDrained();
        });
    }

    /** Blocking: the deliveries of a batch of notifications, in one transaction. */
    private int write(List<Notice> batch) {
        Map<String, List<Webhook>> subscribers = new LinkedHashMap<>();
        List<NewDelivery> deliveries = new ArrayList<>();
        for (Notice n : batch) {
            String shop = n.body().getString("shop");
            List<Webhook> hooks = subscribers.computeIfAbsent(shop, repository::list);
            String eventId = null;
            String body = null;
            for (Webhook w : hooks) {
                if (!w.events().contains(n.type())) {
                    continue;
                }
                if (eventId == null) {
                    eventId = Webhooks.newId("evt_");
                    body = new JsonObject().put("id", eventId).put("type", n.type()).put("shop", shop)
                            .put("created_at", n.at().toString()).put("data", n.body()).encode();
                }
                Object customer = n.body().getValue("customer_id");
                deliveries.add(new NewDelivery(Webhooks.newId("dlv_"), w.id(), shop, eventId, n.type(),
                        customer instanceof String s ? s : null, body, n.at(), n.at().plus(options.retryWindow())));
            }
        }
        return repository.enqueue(deliveries);
    }

    /** The customer erasure's part here: pending and logged deliveries about the customer go, erasure notices stay. */
    public Map<String, Long> eraseCustomer(String shop, String customerKey) {
        return repository.eraseCustomer(shop, customerKey, Addresses.CUSTOMER_ERASED);
    }
}
