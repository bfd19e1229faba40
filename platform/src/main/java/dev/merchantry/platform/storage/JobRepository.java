package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Training jobs. */
public interface JobRepository {
    void insert(Job job);

    /** Atomically QUEUED → RUNNING for the given node; false if another node took it. */
    boolean claim(String jobId, String node, Instant startedAt);

    void progress(String jobId, double progress, String message);

    void finish(String jobId, JobState state, String metricsJson, String error, Instant finishedAt);

    Optional<Job> find(String jobId);

    /** Newest first. */
    List<Job> list(String shopId, int limit);

    /** Ids of jobs still waiting to be claimed, oldest first (re-announced at startup in case a node died). */
    List<String> queued(int limit);

    /** True when a job of this strategy for the shop is queued or running (so a refresh need not queue another). */
    boolean pending(String shopId, StrategyKind kind, String strategyId);

    /** At startup: RUNNING jobs of this node → FAILED ("interrupted: node restarted"); returns the count. */
    int failInterrupted(String node);
}
