package dev.merchantry.platform.node;

import dev.merchantry.platform.http.JobResource;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.jobs.RefreshScheduler;
import dev.merchantry.platform.strategies.DatabaseShopData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Training: the durable job queue every node takes work from (with leases), and the scheduler that retrains
 * bindings as their refresh settings ask.
 */
public final class JobsModule implements NodeModule {

    private static final Logger LOG = LoggerFactory.getLogger(JobsModule.class);
    /** Longest a training job may run before it is failed (and its worker interrupted). */
    private static final Duration JOB_TIMEOUT = Duration.ofHours(2);

    private final JobService jobs;
    private final RefreshScheduler refresher;

    public JobsModule(NodeCore core, IngestModule ingest, ServingModule serving, ExperimentsModule experiments) {
        this.jobs = new JobService(core.vertx(), core.nodeName(), core.database().jobs(), core.database().bindings(),
                core.catalog(), new DatabaseShopData(core.database(), ingest.dataSettings()), core.trainingPool(),
                core.refreshPool(), core.contexts(), core.clock(), JOB_TIMEOUT, core.options().jobs(),
                core.registry()).keepForecastsWith(core.database().performance()::insertForecastSnapshots);
        int interrupted = NodeCore.await(jobs.start());
        core.onMemberLeft(jobs::nodeLeft);
        if (interrupted > 0) {
            LOG.warn("{} training job(s) were interrupted when this node last stopped; re-queued", interrupted);
        }
        // A started experiment's variants train their own models at once; the schedule keeps them fresh.
        experiments.experiments().trainVariantsWith(jobs::trainVariant);
        this.refresher = new RefreshScheduler(core.vertx(), jobs, core.database().bindings(), core.database().models(),
                core.database().experiments(), core.database().jobs(), serving.settings(), core.catalog(),
                core.clock());
        refresher.start();
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> new JobResource(jobs).register(routes));
        // Before the pools close: the jobs this node runs go back to the queue for the other nodes.
        wiring.onStop(jobs::stop);
        wiring.onStop(refresher::stop);
    }

    public JobService jobs() {
        return jobs;
    }
}
