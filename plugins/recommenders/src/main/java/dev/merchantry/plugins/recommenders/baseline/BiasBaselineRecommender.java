package dev.merchantry.plugins.recommenders.baseline;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.pf4j.Extension;

/** Trains {@link BiasBaselineModel}: the regularized user + item bias baseline. */
@Extension
public final class BiasBaselineRecommender implements Recommender {

    public static final String ID = "bias-baseline";

    static final ConfigSpec SPEC = CommonKeys.excludeSeen(CommonKeys.baseline(ConfigSpec.builder())).build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Bias baseline",
                "Predicts a rating as the global mean plus how much this customer rates above average plus how much "
                        + "this product is rated above average (regularized, Koren 2010). Recommends the products "
                        + "rated best after correcting for generous and strict raters. The reference point the "
                        + "personalised strategies are measured against; cheap and robust.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        RatingMatrix m = RatingMatrix.of(data.interactions());
        BiasBaseline b = BiasBaseline.fit(m, config.getInt("baseline_epochs"), config.getDouble("baseline_reg_user"),
                config.getDouble("baseline_reg_item"));
        progress.progress(1.0, "fitted biases of " + m.users + " users and " + m.items + " items");
        return new BiasBaselineModel(ModelIndex.of(data, m), b, config.getBoolean(CommonKeys.EXCLUDE_SEEN));
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return BiasBaselineModel.read(model);
    }
}
