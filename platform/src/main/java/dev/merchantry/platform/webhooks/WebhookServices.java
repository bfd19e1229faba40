package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.storage.WebhookRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;

/**
 * The webhook services of a node, made together: management ({@link Webhooks}), the outbox that turns notifications
 * into deliveries in the transactions of the changes they report ({@link WebhookOutbox}) and the dispatcher that
 * delivers them ({@link WebhookDispatcher}).
 * {@link #start()} releases what this node held when it was killed and begins delivering; {@link #stop()} stops
 * claiming.
 */
public record WebhookServices(Webhooks webhooks, WebhookOutbox outbox, WebhookDispatcher dispatcher) {

    public static WebhookServices create(Vertx vertx, String node, WebhookRepository repository,
                                         WebhookTransport transport, WebhookOptions options, Clock clock,
                                         MeterRegistry registry) {
        options.validate();
        WebhookTargets targets = WebhookTargets.system(options.allowPrivateTargets());
        WebhookDispatcher dispatcher = new WebhookDispatcher(vertx, node, repository, targets, transport, options,
                clock, registry);
        WebhookOutbox outbox = new WebhookOutbox(repository, options, clock, dispatcher.telemetry(), dispatcher::wake);
        Webhooks webhooks = new Webhooks(vertx, repository, targets, options, clock, dispatcher::wake);
        return new WebhookServices(webhooks, outbox, dispatcher);
    }

    /**
     * Starts delivering; answers how many interrupted attempts were released. The outbox records notifications once
     * the database has it ({@code Database.recordNoticesWith}).
     */
    public Future<Integer> start() {
        return dispatcher.start();
    }

    public Future<Void> stop() {
        dispatcher.stop();
        return Future.succeededFuture();
    }
}
