package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Training jobs and their leases. A node runs a job only after {@link #claim claiming} it, which hands it the job's
 * next attempt number; every later write of that run ({@link #renew}, {@link #progress}, {@link #finish},
 * {@link #succeed}, {@link #release}) names that attempt and changes nothing once another attempt has begun, so a
 * node that lost its lease (paused, partitioned, presumed dead) cannot overwrite the job's next run.
 */
public interface JobRepository {

    /** Stores a job as given (a scheduled or live refresh, which is skipped rather than refused when one is pending). */
    void insert(Job job);

    /**
     * Stores a QUEUED job unless {@code maxQueued} jobs of the same shop, kind and strategy are already waiting
     * (QUEUED); check and insert are atomic across nodes. Returns the unfinished (QUEUED or RUNNING) jobs of that
     * strategy, oldest first, when it refused; an empty list when the job was stored.
     */
    List<Job> insertUnlessQueued(Job job, int maxQueued);

    /**
     * Atomically takes a job for {@code node} until {@code leaseUntil}: a QUEUED job, unless another job of the same
     * shop, kind and strategy is RUNNING under a live lease (jobs of one strategy run one after another), or a
     * RUNNING job whose lease expired before {@code now} and that has had fewer than {@code maxAttempts} attempts.
     * Exactly one of several concurrent claimers wins. Returns the attempt number the winner now holds.
     */
    OptionalInt claim(String jobId, String node, Instant now, Instant leaseUntil, int maxAttempts);

    /** Extends the lease of attempt {@code attempt}; false when that attempt no longer holds the job. */
    boolean renew(String jobId, int attempt, Instant leaseUntil);

    /** Records progress of a running attempt; ignored when that attempt no longer holds the job. */
    void progress(String jobId, int attempt, double progress, String message);

    /** Ends a running attempt (FAILED, or SUCCEEDED without a model); false and nothing written if it lost the job. */
    boolean finish(String jobId, int attempt, JobState state, String metricsJson, String error, Instant finishedAt);

    /**
     * Ends a running attempt as SUCCEEDED and stores its model as the active one of the shop and kind, in one
     * transaction; empty and nothing written when the attempt no longer holds the job.
     */
    Optional<StoredModel> succeed(String jobId, int attempt, String strategyId, int formatVersion, byte[] bytes,
                                  String metricsJson, Instant finishedAt);

    /**
     * Hands a running attempt back to the queue (its node is stopping): RUNNING → QUEUED, to be claimed by
     * {@code claimBy}. False when the attempt no longer held the job.
     */
    boolean release(String jobId, int attempt, String message, Instant claimBy);

    /**
     * Jobs whose node stopped renewing: RUNNING with a lease that expired before {@code now} become QUEUED again
     * (to be claimed by {@code claimBy}), or FAILED once they have had {@code maxAttempts} attempts.
     */
    Requeued requeueExpired(Instant now, int maxAttempts, Instant claimBy);

    /**
     * At a node's start: the jobs it left RUNNING when it stopped without handing them back (killed, crashed) are
     * re-queued at once, as {@link #requeueExpired} does once their lease expires.
     */
    default Requeued requeueInterrupted(String node, Instant now, int maxAttempts, Instant claimBy) {
        return requeueOfNode(node, now, maxAttempts, claimBy, "restarted while running it");
    }

    /**
     * The jobs {@code node} holds RUNNING back to QUEUED (or FAILED after {@code maxAttempts}) at once, whatever
     * their lease says: the node restarted, or left the cluster. {@code why} completes "re-queued: node N …" in the
     * job's message. The run that held a job is fenced by its attempt, so it can store nothing if it was alive after
     * all.
     */
    Requeued requeueOfNode(String node, Instant now, int maxAttempts, Instant claimBy, String why);

    /** What a re-queue did: ids put back in the queue, ids given up as FAILED. */
    record Requeued(List<String> requeued, List<String> failed) {
        public static final Requeued NONE = new Requeued(List.of(), List.of());
    }

    /**
     * QUEUED jobs nobody claimed by their deadline (the announcement was lost) that could start now (no job of their
     * strategy runs under a live lease), oldest first.
     */
    List<String> unclaimed(Instant now, int limit);

    /** The oldest QUEUED job of a shop's strategy, to start when the running one ends. */
    Optional<String> nextQueued(String shopId, StrategyKind kind, String strategyId);

    Optional<Job> find(String jobId);

    /** Newest first. */
    List<Job> list(String shopId, int limit);

    /** True when a job of this strategy for the shop is queued or running (so a refresh need not queue another). */
    default boolean pending(String shopId, StrategyKind kind, String strategyId) {
        return pending(shopId, kind, strategyId, "");
    }

    /** True when a job of this strategy's line {@code configKey} for the shop is queued or running. */
    boolean pending(String shopId, StrategyKind kind, String strategyId, String configKey);
}
