package dev.merchantry.platform.profiles;

import dev.merchantry.platform.bus.BusEndpoints;
import dev.merchantry.platform.ingest.CustomerErasure;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.CustomerIds;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Vertx;

import java.time.Clock;

/**
 * The profile services of a node, started together: materialization after profiler trainings, the
 * {@code merchantry.profile} consumer, the erasure hook, debounced retraining after new orders and the audiences.
 */
public record ProfilesModule(ProfileService profiles, AudienceService audiences) {

    public static ProfilesModule start(Vertx vertx, Database database, ActiveModels models, StrategyCatalog catalog,
                                       StrategyInvoker trainingPool, BusEndpoints bus, CustomerErasure erasure,
                                       CustomerIds customerIds, JobService jobService, String node, Clock clock) {
        ProfileStore store = new ProfileStore(database.transactions());
        ProfileService profiles = new ProfileService(vertx, store, database.jobs(), models, catalog, trainingPool,
                customerIds, node, clock).start();
        bus.register(Addresses.PROFILE, profiles::profile);
        erasure.register(profiles::erase);
        new ProfileRefresh(vertx, jobService, database.jobs(), database.bindings(), clock).start();
        return new ProfilesModule(profiles, new AudienceService(vertx, profiles, bus, clock));
    }
}
