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

/** {@code clv}: the full profile, with tiers of predicted customer value as the shop's segments. */
@Extension
public final class ClvProfiler implements Profiler {

    public static final String ID = "clv";

    static final ConfigSpec SPEC = ProfilingSettings.define(ConfigSpec.builder()).build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.PROFILER, "1.0.0", "Customer lifetime value",
                "Fits MBG/NBD (Batislam et al. 2007; or BG/NBD, Fader, Hardie & Lee 2005, with clv_model) to your"
                        + " customers' repeat purchases and Gamma-Gamma to their"
                        + " order values by maximum likelihood, then predicts per customer the purchases of the next 90"
                        + " days, the probability of still being a customer (churn risk = 1 - P(alive)), the expected"
                        + " order value and the discounted value of the next year. Segments are tiers of that value."
                        + " Profiles also carry RFM scores and groups. Needs repeat buyers; evaluate it offline with"
                        + " 'merchantry evaluate profiler'.", SPEC);
    }

    @Override
    public ProfilerModel fit(CustomerData data, Config config, StrategyContext context, ProgressListener progress) {
        return ProfilePipeline.run(ID, ProfilePipeline.Segmentation.VALUE_TIERS, null, data,
                ProfilingSettings.of(config), context, progress);
    }

    @Override
    public ProfilerModel load(SerializedModel model) {
        return ProfileModel.read(model, ID);
    }
}
