package dev.merchantry.platform.profiles;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.ingest.EventTypes;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.JobState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retrains a shop's profiler after new orders arrive, debounced: once orders stop coming for {@link #QUIET}, and at
 * most once per {@link #MIN_INTERVAL} since the shop's last profiler job. Only shops with an enabled profiler
 * binding are retrained, and never while a profiler job of the shop is queued or running (so nodes of a cluster,
 * which all hear the same notices, rarely queue twice; a duplicate job would only redo the same work).
 */
final class ProfileRefresh {

    static final Duration QUIET = Duration.ofMinutes(10);
    static final Duration MIN_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ProfileRefresh.class);

    private final Vertx vertx;
    private final JobService jobService;
    private final JobRepository jobs;
    private final BindingRepository bindings;
    private final Clock clock;
    private final Map<String, Long> timers = new ConcurrentHashMap<>();

    ProfileRefresh(Vertx vertx, JobService jobService, JobRepository jobs, BindingRepository bindings, Clock clock) {
        this.vertx = vertx;
        this.jobService = jobService;
        this.jobs = jobs;
        this.bindings = bindings;
        this.clock = clock;
    }

    ProfileRefresh start() {
        vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS_INGESTED, msg -> {
            JsonObject types = msg.body().getJsonObject("types");
            String shop = msg.body().getString("shop");
            if (shop != null && types != null && types.getLong(EventTypes.ORDER_COMPLETED, 0L) > 0) {
                schedule(shop);
            }
        });
        return this;
    }

    private void schedule(String shop) {
        long id = vertx.setTimer(QUIET.toMillis(), t -> {
            timers.remove(shop);
            vertx.executeBlocking(() -> due(shop), false).onSuccess(due -> {
                if (due) {
                    jobService.submit(shop, StrategyKind.PROFILER, "auto-refresh after new orders")
                            .onSuccess(job -> LOG.info("profiles of shop {}: retraining after new orders (job {})", shop, job.id()))
                            .onFailure(e -> LOG.debug("no automatic profiler retraining of shop {}: {}", shop, e.getMessage()));
                }
            });
        });
        Long previous = timers.put(shop, id);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    /** Bound and enabled, nothing queued or running, and the last profiler job started long enough ago. */
    private boolean due(String shop) {
        if (bindings.find(shop, StrategyKind.PROFILER).filter(b -> b.enabled()).isEmpty()) {
            return false;
        }
        for (Job job : jobs.list(shop, 50)) {
            if (job.kind() != StrategyKind.PROFILER) {
                continue;
            }
            if (job.state() == JobState.QUEUED || job.state() == JobState.RUNNING) {
                return false;
            }
            if (job.createdAt() != null && job.createdAt().isAfter(clock.instant().minus(MIN_INTERVAL))) {
                return false;
            }
        }
        return true;
    }
}
