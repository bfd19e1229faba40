package dev.merchantry.plugins.recommenders.mf;

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
import org.pf4j.Extension;

/** Trains SVD++ ({@code svd-pp}, Koren 2008) by SGD; see the package documentation for the model. */
@Extension
public final class SvdPlusPlusRecommender implements Recommender {

    public static final String ID = "svd-pp";

    static final ConfigSpec SPEC = SvdRecommender.spec(20, 0.01, 0.05);

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "SVD++",
                "Matrix factorization that also learns from which products each customer chose to rate, not only "
                        + "how they rated them (Koren 2008, SVD++). Usually the most accurate rating predictor here, "
                        + "at a few times the training cost of svd. Best with explicit ratings.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        return SvdRecommender.train(ID, true, data, config, context, progress);
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return FactorModel.read(ID, model);
    }
}
