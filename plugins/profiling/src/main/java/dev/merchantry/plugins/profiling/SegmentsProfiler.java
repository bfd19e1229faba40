package dev.merchantry.plugins.profiling;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.plugins.profiling.core.ProfileModel;
import dev.merchantry.plugins.profiling.core.ProfilePipeline;
import dev.merchantry.plugins.profiling.core.ProfilingSettings;
import dev.merchantry.plugins.profiling.segments.SegmentFinder;
import org.pf4j.Extension;

/** {@code segments}: the full profile, with behavioural k-means clusters as the shop's segments. */
@Extension
public final class SegmentsProfiler implements Profiler {

    public static final String ID = "segments";

    static final ConfigSpec SPEC = ProfilingSettings.define(ConfigSpec.builder())
            .define("k", ConfigType.INT, 0, Validators.between(0, 30), Importance.HIGH,
                    "Number of segments; 0 chooses it automatically (best silhouette for 2..max_k).")
            .define("max_k", ConfigType.INT, 8, Validators.between(2, 30), Importance.MEDIUM,
                    "Largest number of segments tried when k is chosen automatically.")
            .define("selection_sample", ConfigType.INT, 20_000, Validators.between(100, 10_000_000), Importance.LOW,
                    "Buyers sampled to cluster each candidate k when choosing k.")
            .define("silhouette_sample", ConfigType.INT, 2_000, Validators.between(50, 20_000), Importance.LOW,
                    "Buyers of that sample the silhouette is computed on (its cost grows with the square).")
            .define("cluster_sample", ConfigType.INT, 100_000, Validators.between(100, 100_000_000), Importance.LOW,
                    "Buyers sampled to fit the final centroids; every buyer is then assigned to the nearest one.")
            .define("max_categories", ConfigType.INT, 8, Validators.between(0, 50), Importance.LOW,
                    "Top categories (by spend) whose spend shares are clustering features.")
            .define("category_weight", ConfigType.DOUBLE, 1.0, Validators.between(0, 20), Importance.MEDIUM,
                    "How much the category mix counts, in features: 1 = as much as recency alone, 0 = ignored.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.PROFILER, "1.0.0", "Behavioural segments",
                "Groups buyers with k-means++ on standardized behaviour: recency, frequency, spend, basket size,"
                        + " discount share, browsing per order and category mix; picks the number of segments by"
                        + " silhouette unless you set k, and describes each segment in plain words (e.g. 'frequent"
                        + " buyers, small baskets, mostly Shoes'). Profiles also carry RFM groups, lifetime value and"
                        + " churn risk.", SPEC);
    }

    @Override
    public ProfilerModel fit(CustomerData data, Config config, StrategyContext context, ProgressListener progress) {
        SegmentFinder.Settings settings = new SegmentFinder.Settings(config.getInt("k"), config.getInt("max_k"),
                config.getInt("selection_sample"), config.getInt("silhouette_sample"), config.getInt("cluster_sample"),
                config.getInt("max_categories"), config.getDouble("category_weight"));
        return ProfilePipeline.run(ID, ProfilePipeline.Segmentation.BEHAVIOUR, settings, data,
                ProfilingSettings.of(config), context, progress);
    }

    @Override
    public ProfilerModel load(SerializedModel model) {
        return ProfileModel.read(model, ID);
    }
}
