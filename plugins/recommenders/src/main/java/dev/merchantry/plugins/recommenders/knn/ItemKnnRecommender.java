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

/** Trains {@link ItemKnnModel}: item–item neighbour lists plus the bias baseline. */
@Extension
public final class ItemKnnRecommender implements Recommender {

    public static final String ID = "item-knn";

    static final ConfigSpec SPEC = KnnSettings.spec("items", 200);

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Similar items (item k-NN)",
                "Finds, for every product, the products the same customers liked or chose (item-based "
                        + "collaborative filtering with shrunk similarities). Recommends to a customer the products "
                        + "most similar to what they viewed or rated, and answers \"similar products\" on product "
                        + "pages and carts. Predicts ratings with baseline-corrected neighbours (KNNBaseline). Works "
                        + "with ratings or with views, carts and purchases.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        RatingMatrix m = RatingMatrix.of(data.interactions());
        BiasBaseline b = KnnSettings.baseline(m, config);
        progress.progress(0.1, "fitted baseline");
        NeighbourLists lists = KnnSettings.neighbours(m, true, b, config, progress);
        progress.progress(1.0, lists.size() + " neighbour entries for " + m.items + " items");
        return new ItemKnnModel(ModelIndex.of(data, m), b, lists, config.getInt("k"),
                config.getBoolean(CommonKeys.EXCLUDE_SEEN));
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return ItemKnnModel.read(model);
    }
}
