package dev.merchantry.platform.jobs;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.JobRepository.Requeued;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps this node's claims on running jobs alive and takes over the jobs of nodes that died. On every heartbeat
 * ({@link JobOptions#heartbeat()}):
 * <ol>
 *   <li>the lease of each job this node runs is extended to now + {@link JobOptions#lease()}; a job whose lease
 *       cannot be renewed any more (this node was presumed dead and another took the job over) is marked lost and its
 *       training thread interrupted — whatever it produces would be refused anyway (the attempt is fenced);</li>
 *   <li>RUNNING jobs whose lease expired are re-queued and announced on {@link Addresses#TRAIN}, or failed once they
 *       have had {@link JobOptions#maxAttempts()} runs;</li>
 *   <li>QUEUED jobs nobody claimed by their deadline (their announcement went to a node that had just died) are
 *       claimed here.</li>
 * </ol>
 * At start, the jobs a previous run of this node left RUNNING are re-queued at once (it was killed: it cannot be
 * running them); when another node leaves the cluster, the jobs it held are re-queued and claimed at once
 * ({@link #nodeLeft});
 * at a graceful stop, the jobs it runs are handed back to the queue for the other nodes. Every node
 * sweeps: the updates are conditional, so two nodes re-queueing the same job do it once. Lease times come from each
 * node's clock: keep the clocks of a cluster synchronized (NTP) to well within the lease.
 */
final class JobLeases {

    private static final Logger LOG = LoggerFactory.getLogger(JobLeases.class);
    /** Unclaimed jobs claimed per heartbeat at most. */
    private static final int UNCLAIMED_BATCH = 100;

    /** One job this node runs under attempt {@code attempt}. */
    static final class Held {
        final String jobId;
        final int attempt;
        private volatile boolean lost;
        private volatile String lostReason;
        /** System.nanoTime() when training began on a training thread; 0 while it waits for one. */
        private volatile long trainingSince;
        private Thread worker;

        Held(String jobId, int attempt) {
            this.jobId = jobId;
            this.attempt = attempt;
        }

        /** True once another node took the job over; the run should stop, its writes change nothing. */
        boolean lost() {
            return lost;
        }

        /** Why the run was lost: {@code lease_lost} or {@code node_stopping}; null while it holds the job. */
        String lostReason() {
            return lostReason;
        }

        /** The thread running the training, interrupted if the lease is lost; null when it ends. */
        synchronized void worker(Thread thread) {
            this.worker = thread;
            if (thread != null && trainingSince == 0) {
                trainingSince = System.nanoTime();
            }
        }

        /** How long it has been training; null if it never got a training thread. */
        java.time.Duration trained() {
            long since = trainingSince;
            return since == 0 ? null : java.time.Duration.ofNanos(System.nanoTime() - since);
        }

        private synchronized void lose(String reason) {
            lostReason = reason;
            lost = true;
            if (worker != null) {
                worker.interrupt();
            }
        }
    }

    private final Vertx vertx;
    private final String node;
    private final JobRepository jobs;
    private final Clock clock;
    private final JobOptions options;
    private final Consumer<String> claimHere;
    private final JobTelemetry telemetry;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicBoolean beating = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    /** {@code claimHere} claims and runs a job on this node (for unclaimed ones). */
    JobLeases(Vertx vertx, String node, JobRepository jobs, Clock clock, JobOptions options, Consumer<String> claimHere,
              JobTelemetry telemetry) {
        this.telemetry = telemetry;
        this.vertx = vertx;
        this.node = node;
        this.jobs = jobs;
        this.clock = clock;
        this.options = options;
        this.claimHere = claimHere;
    }

    /** Re-queues what this node's previous run left RUNNING, then starts the heartbeat. */
    Future<Requeued> start() {
        return vertx.executeBlocking(() -> record(jobs.requeueInterrupted(node, clock.instant(),
                options.maxAttempts(), claimBy()), JobTelemetry.RequeueReason.NODE_RESTARTED)).onSuccess(r -> {
                    r.requeued().forEach(this::announce);
                    timer = vertx.setPeriodic(options.heartbeat().toMillis(), id -> beat());
                });
    }

    /**
     * Another node left the cluster: the jobs it was running are re-queued now rather than when their leases
     * expire, and claimed here — not announced: the event bus may still count the departed node among the
     * consumers of {@link Addresses#TRAIN} for a moment, and an announcement it swallowed would wait for the
     * unclaimed sweep. Should it be alive after all (a network partition that still reaches the database), its runs
     * are fenced like those of a node whose lease expired: they can neither renew nor store anything.
     */
    void nodeLeft(String other) {
        if (stopped || node.equals(other)) {
            return;
        }
        vertx.executeBlocking(() -> record(jobs.requeueOfNode(other, clock.instant(), options.maxAttempts(), claimBy(),
                "left the cluster while running it"), JobTelemetry.RequeueReason.NODE_LEFT), false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        // Their leases still expire: the heartbeat's sweep takes them over then.
                        LOG.warn("could not re-queue the jobs of node {}, which left the cluster: {}", other,
                                ar.cause().toString());
                    } else if (!stopped) {
                        ar.result().requeued().forEach(claimHere);
                    }
                });
    }

    /** The lease a claim or renewal grants from now. */
    Instant leaseUntil() {
        return clock.instant().plus(options.lease());
    }

    /** The deadline for claiming a job announced now. */
    Instant claimBy() {
        return clock.instant().plus(options.claimGrace());
    }

    boolean stopped() {
        return stopped;
    }

    /**
     * Registers a job this node just claimed, so the next heartbeat renews it; null when the node is stopping (the
     * caller hands the job back: {@link #stop} has already handed back the jobs it knew).
     */
    synchronized Held hold(String jobId, int attempt) {
        if (stopped) {
            return null;
        }
        Held h = new Held(jobId, attempt);
        held.put(jobId, h);
        return h;
    }

    /** Blocking: puts a job this node claimed but will not run back in the queue, claimable at once. */
    void handBack(String jobId, int attempt) {
        try {
            if (jobs.release(jobId, attempt, "re-queued: node " + node + " stopped", clock.instant())) {
                telemetry.requeued(jobId, jobs.find(jobId).orElse(null), JobTelemetry.RequeueReason.NODE_STOPPING);
                announce(jobId);
            }
        } catch (RuntimeException e) {
            // The others take it over when its lease expires.
            LOG.warn("could not hand training job {} back: {}", jobId, e.toString());
        }
    }

    /** The run ended (either way): stop renewing. */
    void drop(Held h) {
        held.remove(h.jobId, h);
    }

    void announce(String jobId) {
        vertx.eventBus().send(Addresses.TRAIN, new JsonObject().put("job_id", jobId));
    }

    private record Sweep(Requeued requeued, List<String> unclaimed) {
    }

    /** One heartbeat; skipped while the previous one still runs (a slow database must not pile them up). */
    void beat() {
        if (stopped || !beating.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            renewAll();
            Instant now = clock.instant();
            return new Sweep(record(jobs.requeueExpired(now, options.maxAttempts(), claimBy()),
                    JobTelemetry.RequeueReason.LEASE_EXPIRED), jobs.unclaimed(now, UNCLAIMED_BATCH));
        }, false).onComplete(ar -> {
            beating.set(false);
            if (ar.failed()) {
                LOG.warn("job heartbeat of node {} failed: {}", node, ar.cause().toString());
                return;
            }
            Sweep sweep = ar.result();
            if (!stopped) {
                sweep.requeued().requeued().forEach(this::announce);
                sweep.unclaimed().forEach(claimHere);
            }
        });
    }

    /** Blocking: logs and counts what a re-queue did, one line per job. */
    private Requeued record(Requeued r, JobTelemetry.RequeueReason reason) {
        r.requeued().forEach(id -> telemetry.requeued(id, jobs.find(id).orElse(null), reason));
        r.failed().forEach(id -> telemetry.gaveUp(id, jobs.find(id).orElse(null), options.maxAttempts()));
        return r;
    }

    /** Jobs this node has claimed that wait for one of its training threads. */
    int waiting() {
        return (int) held.values().stream().filter(h -> h.trainingSince == 0).count();
    }

    /** Jobs training on this node's threads now. */
    int training() {
        return (int) held.values().stream().filter(h -> h.trainingSince != 0).count();
    }

    /** Blocking: renews every held lease; a lease that is gone marks its run lost. */
    private void renewAll() {
        for (Held h : held.values()) {
            if (!jobs.renew(h.jobId, h.attempt, leaseUntil())) {
                telemetry.leaseLost(h.jobId, h.attempt);
                h.lose("lease_lost");
                held.remove(h.jobId, h);
            }
        }
    }

    /**
     * Blocking, for a graceful stop: no more heartbeats or claims; the jobs this node runs go back to the queue
     * (claimable at once) and are announced to the other nodes. Their training threads are interrupted by the
     * caller closing the training pool; whatever they write afterwards is refused.
     */
    void stop() {
        synchronized (this) {
            stopped = true;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        for (Held h : held.values()) {
            handBack(h.jobId, h.attempt);
            h.lose("node_stopping");
        }
        held.clear();
    }
}
