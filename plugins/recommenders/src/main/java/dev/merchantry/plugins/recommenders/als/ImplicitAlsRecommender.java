package dev.merchantry.plugins.recommenders.als;

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
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import dev.merchantry.plugins.recommenders.mf.FactorModel;
import org.pf4j.Extension;

import java.util.Map;

/** Trains implicit ALS ({@code als}); see the package documentation. Serves as a {@link FactorModel} without biases. */
@Extension
public final class ImplicitAlsRecommender implements Recommender {

    public static final String ID = "als";

    static final ConfigSpec SPEC = CommonKeys.excludeSeen(CommonKeys.seed(ConfigSpec.builder()
            .define("factors", ConfigType.INT, 64, Validators.between(1, 1000), Importance.HIGH,
                    "Number of latent factors.")
            .define("iterations", ConfigType.INT, 15, Validators.between(1, 1000), Importance.HIGH,
                    "Alternating sweeps (users, then items).")
            .define("regularization", ConfigType.DOUBLE, 2.0, Validators.atLeast(0), Importance.MEDIUM,
                    "L2 penalty λ on the factors (per interaction of the row, see regularization_scaling).")
            .define("regularization_scaling", ConfigType.STRING, "interactions", Validators.oneOf("interactions", "none"),
                    Importance.LOW, "interactions: each customer's and product's penalty is λ times its number of "
                            + "interactions (weighted-λ, Zhou et al. 2008), so one λ suits small and large catalogs; "
                            + "none: the same λ for every row (Hu, Koren & Volinsky 2008 as published).")
            .define("alpha", ConfigType.DOUBLE, 10.0, Validators.atLeast(0), Importance.HIGH,
                    "Confidence slope: an interaction of weight r counts 1 + alpha·r times as much as a non-interaction.")
            .define("cg_steps", ConfigType.INT, 3, Validators.between(1, 1000), Importance.LOW,
                    "Conjugate-gradient steps per user/item solve (warm-started; 3 is enough in practice, "
                            + "factors-many gives the exact least-squares solution)."))).build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Implicit ALS",
                "Learns customer and product vectors from behaviour (views, carts, purchases), treating every "
                        + "interaction as a preference held with a confidence that grows with its weight and every "
                        + "non-interaction as a weak dislike (Hu, Koren & Volinsky 2008, solved by conjugate "
                        + "gradient). The usual choice for shops without ratings.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        RatingMatrix m = RatingMatrix.of(data.interactions());
        int factors = config.getInt("factors");
        int iterations = config.getInt("iterations");
        ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, factors, config.getDouble("regularization"),
                "interactions".equals(config.getString("regularization_scaling")), config.getDouble("alpha"), config.getInt("cg_steps"), config.getLong(CommonKeys.SEED));
        for (int it = 0; it < iterations; it++) {
            CommonKeys.checkCancelled(progress);
            t.iterate();
            progress.progress((it + 1.0) / iterations, "iteration " + (it + 1) + "/" + iterations);
        }
        return new FactorModel(ID, ModelIndex.of(data, m), factors, 0, new double[m.users], new double[m.items],
                toFloats(t.x), toFloats(t.y), config.getBoolean(CommonKeys.EXCLUDE_SEEN), false, Map.of("objective", t.objective()));
    }

    private static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = (float) a[k];
        }
        return out;
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return FactorModel.read(ID, model);
    }
}
