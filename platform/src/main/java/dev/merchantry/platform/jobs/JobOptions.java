package dev.merchantry.platform.jobs;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * How training jobs are leased and queued on a node ({@code serve --job-lease-seconds}, {@code --max-queued-jobs}).
 * Every node of a cluster should use the same values.
 */
public final class JobOptions {

    /** How long a node holds a running job without renewing its lease before other nodes take the job over. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** How often a node renews its leases and looks for orphaned or unclaimed jobs. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    /** Jobs that may wait (QUEUED) per shop, kind and strategy, besides the one running. */
    public static final int DEFAULT_MAX_QUEUED = 1;
    /** Runs of a job (claims) after which a job whose node died again is given up as FAILED instead of re-queued. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private Duration lease = DEFAULT_LEASE;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    public JobOptions() {
    }

    /** From JSON {@code {lease_ms, heartbeat_ms, max_queued, max_attempts}}; missing keys keep their defaults. */
    public JobOptions(JsonObject json) {
        lease = Duration.ofMillis(json.getLong("lease_ms", DEFAULT_LEASE.toMillis()));
        heartbeat = Duration.ofMillis(json.getLong("heartbeat_ms", DEFAULT_HEARTBEAT.toMillis()));
        maxQueued = json.getInteger("max_queued", DEFAULT_MAX_QUEUED);
        maxAttempts = json.getInteger("max_attempts", DEFAULT_MAX_ATTEMPTS);
    }

    public JsonObject toJson() {
        return new JsonObject().put("lease_ms", lease.toMillis()).put("heartbeat_ms", heartbeat.toMillis())
                .put("max_queued", maxQueued).put("max_attempts", maxAttempts);
    }

    public Duration lease() {
        return lease;
    }

    public JobOptions setLease(Duration lease) {
        this.lease = lease;
        return this;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public JobOptions setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
        return this;
    }

    public int maxQueued() {
        return maxQueued;
    }

    public JobOptions setMaxQueued(int maxQueued) {
        this.maxQueued = maxQueued;
        return this;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public JobOptions setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * How long an announced job may stay unclaimed before any node claims it itself: two heartbeats, so a lost
     * announcement (sent to a node that had just died) delays a job by seconds, not forever.
     */
    public Duration claimGrace() {
        return heartbeat.multipliedBy(2);
    }

    /**
     * Throws IllegalArgumentException naming the option when the values cannot work: a lease must outlast a few
     * heartbeats, or a live node would lose its jobs to a single slow renewal.
     */
    public JobOptions validate() {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("job heartbeat must be positive, got " + heartbeat);
        }
        if (lease.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("job lease (" + lease.toMillis() + " ms) must be at least three"
                    + " heartbeats (" + heartbeat.toMillis() + " ms each)");
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("max queued jobs must be at least 1, got " + maxQueued);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max job attempts must be at least 1, got " + maxAttempts);
        }
        return this;
    }
}
