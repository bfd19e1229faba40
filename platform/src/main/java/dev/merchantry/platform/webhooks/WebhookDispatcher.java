package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.storage.WebhookRepository;
import dev.merchantry.platform.storage.WebhookRepository.Attempt;
import dev.merchantry.platform.storage.WebhookRepository.Claimed;
import dev.merchantry.platform.storage.WebhookRepository.DeliveryState;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Delivers the outbox. Every {@link WebhookOptions#pollInterval()}, and at once when this node wrote new deliveries,
 * it claims as many due deliveries as it has free slots ({@link WebhookOptions#concurrency()}) under a lease, so in a
 * cluster each delivery is attempted by one node at a time, then for each: resolves the URL's host and checks every
 * address again (DNS rebinding), signs and POSTs the stored body to the checked address, and records the attempt.
 * A 2xx answer delivers it; anything else (another status, no answer, a refused address) schedules the next attempt
 * after an exponential backoff with jitter ({@link #retryDelay}), or marks it failed once the next attempt would fall
 * after its retry window. A node killed mid-attempt leaves the delivery leased; its restart releases it at once
 * ({@link #start()}), other nodes take it when the lease expires: at-least-once, never lost.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    public static final String USER_AGENT = "Merchantry-Webhooks/1";
    private static final int MAX_ERROR = 500;

    private final Vertx vertx;
    private final String node;
    private final WebhookRepository repository;
    private final WebhookTargets targets;
    private final WebhookTransport transport;
    private final WebhookOptions options;
    private final Clock clock;
    private final DoubleSupplier random;
    private final WebhookTelemetry telemetry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean pollAgain = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    public WebhookDispatcher(Vertx vertx, String node, WebhookRepository repository, WebhookTargets targets,
                             WebhookTransport transport, WebhookOptions options, Clock clock, MeterRegistry registry) {
        this(vertx, node, repository, targets, transport, options, clock, registry,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    WebhookDispatcher(Vertx vertx, String node, WebhookRepository repository, WebhookTargets targets,
                      WebhookTransport transport, WebhookOptions options, Clock clock, MeterRegistry registry,
                      DoubleSupplier random) {
        this.vertx = vertx;
        this.node = node;
        this.repository = repository;
        this.targets = targets;
        this.transport = transport;
        this.options = options;
        this.clock = clock;
        this.random = random;
        this.telemetry = new WebhookTelemetry(node, registry, inFlight::get);
    }

    WebhookTelemetry telemetry() {
        return telemetry;
    }

    /**
     * Releases what this node's previous run held when it was killed (so it is retried now, not after the lease),
     * then starts polling. Answers how many deliveries were released.
     */
    public Future<Integer> start() {
        return vertx.executeBlocking(() -> repository.releaseLeases(node), false).onSuccess(released -> {
            if (released > 0) {
                LOG.warn("{} webhook deliveries were being attempted when this node last stopped; due again",
                        released);
            }
            timer = vertx.setPeriodic(options.pollInterval().toMillis(), id -> poll());
            poll();
        });
    }

    /** Looks for due deliveries now (new ones were written, or one was redelivered). */
    public void wake() {
        if (!stopped) {
            vertx.runOnContext(v -> poll());
        }
    }

    /** No more claims; attempts in flight finish (their results are recorded while the database is open). */
    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Attempts in flight on this node. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The wait after failed attempt {@code attempt} (1 for the first): {@code first × 2^(attempt-1)}, capped at the
     * maximum, then scaled by a random factor in [0.5, 1) ("equal jitter"), so receivers that failed together are
     * not retried all at the same moment. {@code random} is uniform in [0, 1).
     */
    public static Duration retryDelay(int attempt, WebhookOptions options, double random) {
        long first = options.firstRetryDelay().toMillis();
        long max = options.maxRetryDelay().toMillis();
        int doublings = Math.min(Math.max(attempt - 1, 0), 40);
        long delay = first > max >> doublings ? max : Math.min(max, first << doublings);
        return Duration.ofMillis(Math.max(1, Math.round(delay * (0.5 + 0.5 * random))));
    }

    private void poll() {
        if (stopped) {
            return;
        }
        if (!polling.compareAndSet(false, true)) {
            pollAgain.set(true);
            return;
        }
        pollAgain.set(false);
        int free = options.concurrency() - inFlight.get();
        if (free <= 0) {
            polling.set(false);
            return;
        }
        Instant now = clock.instant();
        vertx.executeBlocking(() -> repository.claimDue(now, node, now.plus(options.lease()), free), false)
                .onComplete(ar -> {
                    polling.set(false);
                    if (ar.failed()) {
                        LOG.warn("looking for due webhook deliveries failed: {}", ar.cause().toString());
                        return;
                    }
                    List<Claimed> claimed = ar.result();
                    claimed.forEach(this::attempt);
                    if (pollAgain.get() || claimed.size() == free) {
                        poll();
                    }
                });
    }

    private record Result(Integer status, String excerpt, String error) {
    }

    private void attempt(Claimed d) {
        inFlight.incrementAndGet();
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        send(d).recover(e -> Future.succeededFuture(new Result(null, null, describe(e))))
                .compose(result -> record(d, result, startedAt, Duration.ofNanos(System.nanoTime() - start)))
                .onComplete(ar -> {
                    inFlight.decrementAndGet();
                    if (ar.failed()) {
                        // The lease expires and the delivery is attempted again: nothing is lost.
                        LOG.warn("recording webhook attempt {} of {} failed: {}", d.attempt(), d.id(),
                                ar.cause().toString());
                    }
                    poll();
                });
    }

    private Future<Result> send(Claimed d) {
        URI url;
        try {
            url = WebhookTargets.parse(d.url());
        } catch (WebhookTargets.Refused e) {
            return Future.succeededFuture(new Result(null, null, "url " + e.getMessage()));
        }
        return vertx.executeBlocking(() -> {
            try {
                return targets.resolve(url).get(0);
            } catch (WebhookTargets.Refused e) {
                throw new IllegalArgumentException("url " + e.getMessage());
            }
        }, false).compose(address -> post(d, url, address));
    }

    private Future<Result> post(Claimed d, URI url, InetAddress address) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Merchantry-Event", d.eventType());
        headers.put("X-Merchantry-Delivery", d.id());
        headers.put("X-Merchantry-Timestamp", Long.toString(timestamp));
        headers.put("X-Merchantry-Signature", WebhookSignature.sign(d.secret(), timestamp, body));
        return transport.post(new WebhookTransport.Request(url, address, headers, body))
                .map(r -> new Result(r.status(), r.excerpt(), null));
    }

    private Future<Void> record(Claimed d, Result result, Instant startedAt, Duration took) {
        boolean delivered = result.status() != null && result.status() >= 200 && result.status() < 300;
        Instant now = clock.instant();
        Instant next = delivered ? null : now.plus(retryDelay(d.attempt(), options, random.getAsDouble()));
        WebhookTelemetry.Outcome outcome = delivered ? WebhookTelemetry.Outcome.DELIVERED
                : next.isAfter(d.giveUpAt()) ? WebhookTelemetry.Outcome.FAILED : WebhookTelemetry.Outcome.RETRYING;
        String error = result.error() == null && !delivered ? "HTTP " + result.status() : result.error();
        Attempt attempt = new Attempt(d.attempt(), startedAt, took.toMillis(), result.status(), error,
                result.excerpt(), node);
        DeliveryState state = switch (outcome) {
            case DELIVERED -> DeliveryState.DELIVERED;
            case FAILED -> DeliveryState.FAILED;
            case RETRYING -> DeliveryState.PENDING;
        };
        Instant nextAttempt = outcome == WebhookTelemetry.Outcome.RETRYING ? next : null;
        Instant finished = outcome == WebhookTelemetry.Outcome.RETRYING ? null : now;
        return vertx.executeBlocking(() -> repository.recordAttempt(d.id(), attempt, state, nextAttempt, finished),
                false).map(recorded -> {
                    if (recorded) {
                        telemetry.attempted(d, outcome, result.status(), error, took, nextAttempt);
                    } else {
                        telemetry.unrecorded(d);
                    }
                    return null;
                });
    }

    /**
     * The failure's message and, when it wraps one, its root cause's: a TLS failure reads "Failed to create SSL
     * connection" at the top, and only the root says whether the certificate was untrusted or for another host.
     */
    static String describe(Throwable e) {
        String message = messageOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && !message.contains(messageOf(root))) {
            message = message + ": " + messageOf(root);
        }
        return message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR - 1) + "…" : message;
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
