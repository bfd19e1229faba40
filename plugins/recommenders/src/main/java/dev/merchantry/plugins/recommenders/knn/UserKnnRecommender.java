package dev.merchantry.plugins.recommenders.knn;

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
import dev.merchantry.plugins.recommenders.baseline.BiasBaseline;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.pf4j.Extension;

/** Trains {@link UserKnnModel}: user–user neighbour lists plus the bias baseline. */
@Extension
public final class UserKnnRecommender implements Recommender {

    public static final String ID = "user-knn";

    static final ConfigSpec SPEC = KnnSettings.spec("users", 100);

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Customers like you (user k-NN)",
                "Finds, for every customer, the customers with the most similar ratings or behaviour (user-based "
                        + "collaborative filtering with shrunk similarities) and recommends what they chose. "
                        + "Predicts ratings with baseline-corrected neighbours. Suits shops with fewer customers "
                        + "than products and stable tastes.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        RatingMatrix m = RatingMatrix.of(data.interactions());
        BiasBaseline b = KnnSettings.baseline(m, config);
        progress.progress(0.1, "fitted baseline");
        NeighbourLists lists = KnnSettings.neighbours(m, false, b, config, progress);
        progress.progress(1.0, lists.size() + " neighbour entries for " + m.users + " users");
        return new UserKnnModel(ModelIndex.of(data, m), b, lists, config.getInt("k"),
                config.getBoolean(CommonKeys.EXCLUDE_SEEN));
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return UserKnnModel.read(model);
    }
}
