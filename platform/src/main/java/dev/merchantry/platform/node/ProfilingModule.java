package dev.merchantry.platform.node;

import dev.merchantry.platform.http.AudienceResource;
import dev.merchantry.platform.http.ProfileResource;
import dev.merchantry.platform.profiles.ProfileServices;
import dev.merchantry.platform.service.Addresses;

/** Customer profiles (RFM, segments, lifetime value, churn) and audiences, over REST and {@code merchantry.profile}. */
public final class ProfilingModule implements NodeModule {

    private final ProfileServices profiles;

    public ProfilingModule(NodeCore core, IngestModule ingest, JobsModule jobs) {
        this.profiles = ProfileServices.start(core.vertx(), core.database(), core.models(), core.catalog(),
                core.trainingPool(), request -> core.bus().request(Addresses.RECOMMEND, request), ingest.erasure(),
                ingest.customerIds(), jobs.jobs(), core.nodeName(), core.clock());
    }

    @Override
    public void register(NodeWiring wiring) {
        wiring.routes(routes -> {
            new ProfileResource(profiles.profiles()).register(routes);
            new AudienceResource(profiles.audiences()).register(routes);
        });
        wiring.consumer(Addresses.PROFILE, profiles.profiles()::profile);
    }

    public ProfileServices profiles() {
        return profiles;
    }
}
