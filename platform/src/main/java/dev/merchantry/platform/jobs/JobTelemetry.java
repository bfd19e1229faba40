package dev.merchantry.platform.jobs;

import dev.merchantry.platform.observability.EventLog;
import dev.merchantry.platform.storage.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Records what happens to training jobs on this node: one {@link EventLog} line per event (logger
 * {@code dev.merchantry.platform.jobs.JobTelemetry}) and the job meters. Outcomes counted in
 * {@value #JOBS}{@code {kind,strategy,outcome}} are the ones decided on this node: {@code succeeded}, {@code failed},
 * {@code requeued} (a lease was lost — its node died or stopped — and the job went back to the queue) and
 * {@code given_up} (too many lost leases); summed over the nodes of a cluster each job counts once per outcome.
 * Thread-safe.
 */
final class JobTelemetry {

    /** Micrometer names; Prometheus adds {@code _total} to counters and {@code _seconds} to timers. */
    static final String JOBS = "merchantry.jobs";
    static final String DURATION = "merchantry.job.duration";
    static final String QUEUED = "merchantry.jobs.queued";
    static final String RUNNING = "merchantry.jobs.running";

    /** Why a job went back to the queue. */
    enum RequeueReason {
        /** Its node stopped renewing the lease (died, froze, lost the database). */
        LEASE_EXPIRED,
        /** Its node was killed and, starting again, found the job still marked as its own. */
        NODE_RESTARTED,
        /** Its node stopped gracefully and handed it back. */
        NODE_STOPPING,
        /** Its node left the cluster (killed, crashed, cut off): noticed by the cluster's failure detection. */
        NODE_LEFT;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobTelemetry.class);

    private final String node;
    private final MeterRegistry registry;
    private final Clock clock;

    JobTelemetry(String node, MeterRegistry registry, Clock clock) {
        this.node = node;
        this.registry = registry;
        this.clock = clock;
    }

    void queued(Job job) {
        line(Level.INFO, "job queued", job).with("message", job.message()).with("node", node).log();
    }

    /** Training of {@code job} began on one of this node's training threads. */
    void started(Job job, int attempt) {
        Long waited = job.createdAt() == null ? null
                : Math.max(0, Duration.between(job.createdAt(), clock.instant()).toMillis());
        line(Level.INFO, "job started", job).with("node", node).with("attempt", attempt).with("waited_ms", waited)
                .log();
    }

    void succeeded(Job job, int attempt, Duration took, long modelVersion, Map<String, Double> metrics) {
        count(job, "succeeded");
        timer(job).record(took);
        line(Level.INFO, "job finished", job).with("state", "succeeded").with("duration_ms", took.toMillis())
                .with("node", node).with("attempts", attempt).with("model_version", modelVersion)
                .with("metrics", metrics).log();
    }

    /** {@code took} is null when the job failed before it could train (e.g. its strategy was uninstalled). */
    void failed(Job job, int attempt, Duration took, String error) {
        count(job, "failed");
        if (took != null) {
            timer(job).record(took);
        }
        line(Level.WARN, "job finished", job).with("state", "failed")
                .with("duration_ms", took == null ? null : took.toMillis()).with("node", node)
                .with("attempts", attempt).with("error", error).log();
    }

    /**
     * This node's run ended without a result because the job is no longer its own (lease lost, or handed back while
     * stopping); the job's fate is recorded where it was re-queued, so this is not counted.
     */
    void abandoned(Job job, int attempt, Duration took, String reason) {
        line(Level.INFO, "job abandoned", job).with("node", node).with("attempt", attempt)
                .with("duration_ms", took == null ? null : took.toMillis()).with("reason", reason).log();
    }

    /** This node could not renew its lease: another node presumed it dead and took the job over. */
    void leaseLost(String jobId, int attempt) {
        EventLog.warn(LOG, "job lease lost").with("job_id", jobId).with("node", node).with("attempt", attempt).log();
    }

    /** {@code job} is null when it could not be read back (then only its id is logged, and counted unlabeled). */
    void requeued(String jobId, Job job, RequeueReason reason) {
        count(job, "requeued");
        line(Level.WARN, "job requeued", jobId, job).with("reason", reason.wireName()).with("node", node)
                .with("attempts", job == null ? null : job.attempts()).log();
    }

    void gaveUp(String jobId, Job job, int maxAttempts) {
        count(job, "given_up");
        line(Level.ERROR, "job given up", jobId, job).with("node", node).with("attempts", maxAttempts)
                .with("error", job == null ? null : job.error()).log();
    }

    private EventLog line(Level level, String event, Job job) {
        return line(level, event, job.id(), job);
    }

    private static EventLog line(Level level, String event, String jobId, Job job) {
        EventLog line = EventLog.at(LOG, level, event).with("job_id", jobId);
        if (job != null) {
            line.with("shop", job.shopId()).with("kind", job.kind().wireName()).with("strategy", job.strategyId());
        }
        return line;
    }

    private void count(Job job, String outcome) {
        Counter.builder(JOBS).description("Training job outcomes decided on this node")
                .tag("kind", job == null ? "unknown" : job.kind().wireName())
                .tag("strategy", job == null ? "unknown" : job.strategyId())
                .tag("outcome", outcome).register(registry).increment();
    }

    private Timer timer(Job job) {
        return Timer.builder(DURATION).description("How long training runs on this node took, succeeded or failed")
                .tag("kind", job.kind().wireName()).tag("strategy", job.strategyId()).register(registry);
    }
}
