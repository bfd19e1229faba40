package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.storage.WebhookRepository.Claimed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Records webhook attempts on this node: one {@link EventLog} line per attempt outcome (logger
 * {@code dev.merchantry.platform.webhooks.WebhookTelemetry}), the attempt counter {@value #ATTEMPTS}
 * {@code {event, outcome}} — {@code delivered}, {@code retrying} (failed, another attempt is scheduled),
 * {@code failed} (given up) — its latency timer {@value #LATENCY}{@code {outcome}}, and the gauges of attempts in
 * flight and of deliveries written to the outbox. Thread-safe.
 */
final class WebhookTelemetry {

    /** Micrometer names; Prometheus adds {@code _total} to counters and {@code _seconds} to timers. */
    static final String ATTEMPTS = "merchantry.webhook.attempts";
    static final String LATENCY = "merchantry.webhook.attempt.duration";
    static final String ENQUEUED = "merchantry.webhook.deliveries.enqueued";
    static final String IN_FLIGHT = "merchantry.webhook.attempts.in_flight";

    /** What became of an attempt. */
    enum Outcome {
        DELIVERED, RETRYING, FAILED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookTelemetry.class);

    private final String node;
    private final MeterRegistry registry;
    private final Counter enqueued;

    WebhookTelemetry(String node, MeterRegistry registry, Supplier<Number> inFlight) {
        this.node = node;
        this.registry = registry;
        this.enqueued = Counter.builder(ENQUEUED).description("Webhook deliveries written to the outbox on this node")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder(IN_FLIGHT, inFlight).description("Webhook attempts in flight"
                + " on this node").register(registry);
    }

    void enqueued(int deliveries) {
        enqueued.increment(deliveries);
    }

    /** One attempt ended: {@code status} null when no response came ({@code error} says why). */
    void attempted(Claimed d, Outcome outcome, Integer status, String error, Duration took, Instant nextAttemptAt) {
        Counter.builder(ATTEMPTS).description("Webhook delivery attempts on this node, by outcome")
                .tag("event", d.eventType()).tag("outcome", outcome.wireName()).register(registry).increment();
        Timer.builder(LATENCY).description("How long webhook attempts took, from connecting to the response")
                .tag("outcome", outcome.wireName()).register(registry).record(took);
        Level level = outcome == Outcome.DELIVERED ? Level.INFO : outcome == Outcome.RETRYING ? Level.WARN : Level.ERROR;
        EventLog.at(LOG, level, "webhook attempt").with("outcome", outcome.wireName()).with("shop", d.shopId())
                .with("webhook_id", d.webhookId()).with("delivery_id", d.id()).with("event_id", d.eventId())
                .with("event", d.eventType()).with("attempt", d.attempt()).with("status", status)
                .with("duration_ms", took.toMillis()).with("error", error)
                .with("next_attempt_at", nextAttemptAt == null ? null : nextAttemptAt.toString()).with("node", node)
                .log();
    }

    /** An attempt's result could not be recorded: the delivery was deleted, redelivered or taken over meanwhile. */
    void unrecorded(Claimed d) {
        EventLog.info(LOG, "webhook attempt not recorded").with("shop", d.shopId()).with("webhook_id", d.webhookId())
                .with("delivery_id", d.id()).with("attempt", d.attempt()).with("node", node)
                .with("reason", "the delivery changed during the attempt (deleted, redelivered or taken over)").log();
    }
}
