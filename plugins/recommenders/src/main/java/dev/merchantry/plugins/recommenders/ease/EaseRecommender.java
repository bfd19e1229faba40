package dev.merchantry.plugins.recommenders.ease;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.pf4j.Extension;

import java.util.Arrays;

/** Trains EASE^R ({@code ease}); see the package documentation. */
@Extension
public final class EaseRecommender implements Recommender {

    public static final String ID = "ease";

    static final ConfigSpec SPEC = CommonKeys.excludeSeen(ConfigSpec.builder()
            .define("lambda", ConfigType.DOUBLE, 200.0, Validators.greaterThan(0), Importance.HIGH,
                    "L2 penalty on the item–item weights; larger for noisier or denser data (Steck used 200–1000).")
            .define("max_items", ConfigType.INT, 10_000, Validators.between(1, 46_000), Importance.MEDIUM,
                    "Refuse to train above this many items with interactions (at most 46,000: one Java array "
                            + "holds the matrix): training holds an items×items matrix of doubles (10,000 items = 800 MB) and takes O(items³) time (8,400 items: about 30 s "
                            + "on 2 cores).")
            .define("neighbours", ConfigType.INT, 500, Validators.between(1, 50_000), Importance.LOW,
                    "Largest-magnitude weights kept per item in the served model (all of them when the catalog "
                            + "is smaller).")).build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "EASE",
                "A strong top-N recommender with a closed-form solution (Steck 2019): learns how much each "
                        + "product predicts every other from who chose what, with no tuning beyond one penalty. "
                        + "For catalogs up to about ten thousand products with interactions; training time grows "
                        + "with the cube of that number.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        RatingMatrix m = RatingMatrix.of(data.interactions());
        int[] items = new int[m.items];
        int n = 0;
        for (int i = 0; i < m.items; i++) {
            if (m.itemDegree(i) > 0) {
                items[n++] = i;
            }
        }
        items = Arrays.copyOf(items, n);
        int max = config.getInt("max_items");
        if (n > max) {
            throw new StrategyException("ease: " + n + " items have interactions, more than max_items=" + max
                    + "; EASE would need a " + n + "×" + n + " matrix (" + (8L * n * n >> 20) + " MB) and O(n³) time."
                    + " Raise max_items if the memory is there, or use item-knn or als for this catalog.");
        }
        double[] b = EaseSolver.weights(m, items, config.getDouble("lambda"), context, progress);
        EaseWeights weights = EaseWeights.sparsify(b, items, m.items, config.getInt("neighbours"), context);
        progress.progress(1.0, "EASE weights for " + n + " items");
        return new EaseModel(ModelIndex.of(data, m), weights, config.getBoolean(CommonKeys.EXCLUDE_SEEN));
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return EaseModel.read(model);
    }
}
