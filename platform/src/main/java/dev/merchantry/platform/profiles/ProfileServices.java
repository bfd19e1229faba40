package dev.merchantry.platform.profiles;

import dev.merchantry.platform.customers.CustomerErasure;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Vertx;

import java.time.Clock;

/**
 * The profile services of a node, started together: materialization after profiler trainings, the erasure hook,
 * debounced retraining after new orders and the audiences (which ask for picks through {@code recommendations}). The
 * node serves {@code merchantry.profile} with {@link ProfileService#profile}. {@link ChurnReplay} keeps the churn risks
 * the bound profiler would have stated at past moments.
 */
public record ProfileServices(ProfileService profiles, AudienceService audiences, ChurnReplay churnReplay) {

    public static ProfileServices start(Vertx vertx, Database database, ActiveModels models, StrategyCatalog catalog,
                                       StrategyInvoker trainingPool, AudienceService.Recommendations recommendations,
                                       CustomerErasure erasure,
                                       CustomerIds customerIds, JobService jobService, String node, Clock clock) {
        ProfileService profiles = new ProfileService(vertx, database.profiles(), database.jobs(), models, catalog, trainingPool,
                customerIds, node, clock).keepChurnPredictionsIn(database.performance()).start();
        erasure.register(profiles::erase);
        new ProfileRefresh(vertx, jobService, database.jobs(), database.bindings(), clock).start();
        return new ProfileServices(profiles, new AudienceService(vertx, profiles, recommendations, clock),
                new ChurnReplay(jobService, database.performance()));
    }
}
