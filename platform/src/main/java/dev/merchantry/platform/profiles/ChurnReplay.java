package dev.merchantry.platform.profiles;

import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.storage.ChurnPrediction;
import dev.merchantry.platform.storage.PerformanceRepository;
import dev.merchantry.platform.storage.ProfileRow;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays the churn risks a shop's profiles would have stated at a past moment: the bound profiler is fitted on the
 * data up to that moment ({@link JobService#fitProfilerAsOf}) and each customer's churn risk and RFM group — read from the
 * profile as materialization reads it — is kept as a churn prediction made then, which the performance report
 * compares with who came back in the 90 days after. Nothing is materialized or served. For a shop whose history
 * arrived at once (the demo shop), whose churn calibration would otherwise take 90 days to show an observed rate.
 */
public final class ChurnReplay {

    private final JobService jobs;
    private final PerformanceRepository predictions;

    ChurnReplay(JobService jobs, PerformanceRepository predictions) {
        this.jobs = jobs;
        this.predictions = predictions;
    }

    /**
     * Keeps the predictions of {@code asOf}; completes with their number. No model is stored, so they carry minus the
     * epoch day of {@code asOf} as their model version (one set per day: a second replay of that day keeps the first).
     */
    public Future<Integer> at(String shop, Instant asOf) {
        long version = -Math.floorDiv(asOf.toEpochMilli(), Duration.ofDays(1).toMillis());
        return jobs.fitProfilerAsOf(shop, asOf, (strategyId, model) -> {
            if (!(model instanceof ProfilerModel profiler)) {
                throw new IllegalStateException("profiler '" + strategyId + "' fitted no profiler model");
            }
            int kept = 0;
            List<ChurnPrediction> batch = new ArrayList<>(ProfileService.BATCH);
            for (CustomerProfile p : (Iterable<CustomerProfile>) profiler.profiles()::iterator) {
                ProfileRow row = ProfileService.row(p);
                if (row.churnRisk() == null) {
                    continue;
                }
                batch.add(new ChurnPrediction(shop, strategyId, version, asOf.toEpochMilli(), row.customerId(),
                        row.group(), row.churnRisk()));
                if (batch.size() == ProfileService.BATCH) {
                    predictions.insertChurnPredictions(batch);
                    kept += batch.size();
                    batch.clear();
                }
            }
            predictions.insertChurnPredictions(batch);
            return kept + batch.size();
        });
    }
}
