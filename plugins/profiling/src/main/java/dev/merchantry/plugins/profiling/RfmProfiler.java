package dev.merchantry.plugins.profiling;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.plugins.profiling.core.ProfileModel;
import dev.merchantry.plugins.profiling.core.ProfilePipeline;
import dev.merchantry.plugins.profiling.core.ProfilingSettings;
import org.pf4j.Extension;

/** {@code rfm}: the full profile, with the eleven RFM groups as the shop's segments. */
@Extension
public final class RfmProfiler implements Profiler {

    public static final String ID = "rfm";

    static final ConfigSpec SPEC = ProfilingSettings.define(ConfigSpec.builder()).build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.PROFILER, "1.0.0", "RFM groups",
                "Scores every buyer 1-5 on recency, frequency and monetary value (quintiles of your shop) and puts"
                        + " them in the eleven RFM groups known from Shopify (Champions, Loyal, At risk, ...); the groups"
                        + " are the segments. Every profile also carries the BG/NBD + Gamma-Gamma lifetime value and churn"
                        + " risk. Needs order history; works from a few dozen buyers.", SPEC);
    }

    @Override
    public ProfilerModel fit(CustomerData data, Config config, StrategyContext context, ProgressListener progress) {
        return ProfilePipeline.run(ID, ProfilePipeline.Segmentation.RFM_GROUPS, null, data,
                ProfilingSettings.of(config), context, progress);
    }

    @Override
    public ProfilerModel load(SerializedModel model) {
        return ProfileModel.read(model, ID);
    }
}
