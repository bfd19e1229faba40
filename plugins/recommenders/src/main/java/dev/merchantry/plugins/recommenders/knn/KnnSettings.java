package dev.merchantry.plugins.recommenders.knn;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.plugins.recommenders.baseline.BiasBaseline;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;

/** The configuration both k-NN strategies declare, and the shared first half of their training. */
final class KnnSettings {

    private KnnSettings() {
    }

    static ConfigSpec spec(String entities, int neighbours) {
        ConfigSpec.Builder b = ConfigSpec.builder()
                .define("similarity", ConfigType.STRING, "auto", Validators.oneOf(Similarity.NAMES), Importance.HIGH,
                        "How alike two " + entities + " are: cosine, adjusted_cosine, pearson or pearson_baseline; "
                                + "auto = pearson_baseline for ratings, cosine for implicit feedback.")
                .define("shrinkage", ConfigType.DOUBLE, 100.0, Validators.atLeast(0), Importance.MEDIUM,
                        "Shrinks similarities computed from few common raters towards 0: multiplied by n/(n+shrinkage) "
                                + "(Pearson forms: (n-1)/(n-1+shrinkage)).")
                .define("k", ConfigType.INT, 40, Validators.between(1, 10_000), Importance.HIGH,
                        "Neighbours that contribute to one rating prediction.")
                .define("neighbours", ConfigType.INT, neighbours, Validators.between(1, 100_000), Importance.MEDIUM,
                        "Most similar " + entities + " kept per " + entities.replaceAll("s$", "")
                                + " in the model (memory and model size grow with it).")
                .define("min_support", ConfigType.INT, 1, Validators.atLeast(1), Importance.LOW,
                        "Minimum number of common raters for two " + entities + " to count as neighbours.");
        return CommonKeys.excludeSeen(CommonKeys.baseline(b)).build();
    }

    static BiasBaseline baseline(RatingMatrix m, Config c) {
        return BiasBaseline.fit(m, c.getInt("baseline_epochs"), c.getDouble("baseline_reg_user"),
                c.getDouble("baseline_reg_item"));
    }

    static NeighbourLists neighbours(RatingMatrix m, boolean itemBased, BiasBaseline b, Config c,
                                     ProgressListener progress) {
        Similarity s = Similarity.resolve(c.getString("similarity"), m.explicit);
        return SimilarityBuilder.build(m, itemBased, s, c.getDouble("shrinkage"), c.getInt("min_support"),
                c.getInt("neighbours"), b, progress);
    }
}
