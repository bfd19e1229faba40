package dev.merchantry.plugins.recommenders.mf;

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
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.pf4j.Extension;

import java.util.Map;

/** Trains biased matrix factorization ({@code svd}) by SGD; see the package documentation for the model. */
@Extension
public final class SvdRecommender implements Recommender {

    public static final String ID = "svd";

    static final ConfigSpec SPEC = spec(100, 0.01, 0.05);

    /**
     * The SGD keys of {@code svd} and {@code svd-pp}, with the given defaults: Surprise's factor counts, with the
     * step size and penalty at the upper end of its range (γ = 0.01, λ = 0.05), where 20 epochs converge on
     * sparse data instead of stopping short (Surprise's γ = 0.005 underfits in 20 epochs).
     */
    static ConfigSpec spec(int factors, double lr, double reg) {
        ConfigSpec.Builder b = ConfigSpec.builder()
                .define("factors", ConfigType.INT, factors, Validators.between(1, 1000), Importance.HIGH,
                        "Number of latent factors.")
                .define("epochs", ConfigType.INT, 20, Validators.between(1, 1000), Importance.HIGH,
                        "Passes of stochastic gradient descent over the ratings.")
                .define("learning_rate", ConfigType.DOUBLE, lr, Validators.openBetween(0, 1), Importance.MEDIUM,
                        "SGD step size γ for biases and factors.")
                .define("regularization", ConfigType.DOUBLE, reg, Validators.atLeast(0), Importance.MEDIUM,
                        "L2 penalty λ on biases and factors; larger resists overfitting sparse users and items.")
                .define("init_std", ConfigType.DOUBLE, 0.1, Validators.atLeast(0), Importance.LOW,
                        "Standard deviation of the starting factors (each a sum of four uniforms: nearly normal, "
                                + "within ±3.46 times this).");
        return CommonKeys.excludeSeen(CommonKeys.seed(b)).build();
    }

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Matrix factorization (SVD)",
                "Learns a taste vector per customer and a profile vector per product from ratings, plus how generous "
                        + "each customer and how liked each product is (biased matrix factorization trained by "
                        + "stochastic gradient descent, Funk/Koren). Predicts ratings and ranks unseen products by "
                        + "predicted rating. Best with explicit ratings; retrain as ratings accumulate.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        return train(ID, false, data, config, context, progress);
    }

    static RecommenderModel train(String id, boolean plusPlus, RecommenderData data, Config config,
                                  StrategyContext context, ProgressListener progress) {
        int factors = config.getInt("factors");
        int epochs = config.getInt("epochs");
        double lr = config.getDouble("learning_rate");
        double reg = config.getDouble("regularization");
        // The starting factors depend only on the numbers of users and items: a second thread draws them while this
        // one builds the matrix and its SGD blocks (in a fresh JVM both run mostly interpreted, 5–15 ms each on 80k
        // ratings).
        Interactions in = data.interactions();
        Draw draw = new Draw(in.userCount(), in.itemCount(), factors, config.getDouble("init_std"), plusPlus,
                config.getLong(CommonKeys.SEED));
        Forked drawing = Forked.start(context, draw);
        RatingMatrix m;
        SgdBlocks blocks;
        try {
            m = trainingMatrix(data);
            blocks = plusPlus ? null : SgdBlocks.of(m);
        } catch (RuntimeException | Error e) {
            drawing.abandon();
            throw e;
        }
        drawing.join();
        FactorTrainer t = new FactorTrainer(m, draw.drawn).forkingOn(context);
        if (blocks != null) {
            t.useBlocks(blocks);
        }
        double sse = 0;
        for (int e = 0; e < epochs; e++) {
            CommonKeys.checkCancelled(progress);
            sse = plusPlus ? t.svdPlusPlusEpoch(lr, reg) : t.svdEpoch(lr, reg);
            // A parameter that ran to infinity or NaN makes the next error that uses it non-finite, so the epoch's
            // error sum tells without a pass over the parameters; the last epoch's updates are checked directly.
            if (!Double.isFinite(sse) || (e == epochs - 1 && !t.finite())) {
                throw new StrategyException(id + " diverged in epoch " + (e + 1) + " (parameters became infinite or"
                        + " NaN): lower learning_rate (now " + lr + ") or raise regularization (now " + reg + ")");
            }
            // No string concatenation or lambda on this path: see Forked.
            progress.progress((e + 1.0) / epochs,
                    new StringBuilder("epoch ").append(e + 1).append('/').append(epochs).toString());
        }
        // The training RMSE of the last epoch, each error taken just before SGD updated on it (the loss LibRec
        // reports): free, where the error of the final parameters took one more pass over the ratings (7 ms of a
        // ~170 ms cold fit on 80k ratings). It reads about 4 % higher (ML-100k 80/20: 0.617 against 0.593).
        double trainRmse = m.size() == 0 ? 0 : Math.sqrt(sse / m.size());
        return new FactorModel(id, ModelIndex.of(data, m), factors, t.mu, t.bu, t.bi, t.userVectors(), t.itemVectors(),
                config.getBoolean(CommonKeys.EXCLUDE_SEEN), true, Map.of("train_rmse", trainRmse));
    }

    /** Draws the starting factors (a task for another thread; a class rather than a lambda: see {@link Forked}). */
    private static final class Draw implements Runnable {
        private final int users;
        private final int items;
        private final int f;
        private final double initStd;
        private final boolean implicitFactors;
        private final long seed;
        /** Set by {@link #run}; {@link Forked#join} makes it visible to the joining thread. */
        private FactorTrainer.InitialFactors drawn;

        Draw(int users, int items, int f, double initStd, boolean implicitFactors, long seed) {
            this.users = users;
            this.items = items;
            this.f = f;
            this.initStd = initStd;
            this.implicitFactors = implicitFactors;
            this.seed = seed;
        }

        @Override
        public void run() {
            drawn = FactorTrainer.InitialFactors.draw(users, items, f, initStd, implicitFactors, seed);
        }
    }

    /**
     * The matrix SGD fits. Ratings as they are; implicit weights (summed event weights: a customer who viewed a
     * product 100 times and bought it 20 times has 200) as log(1 + w), the logarithmic scaling Hu, Koren &amp;
     * Volinsky (2008, §4) propose for such counts. On raw weights the squared error of one heavy pair dominates:
     * with the demo shop's weights (median 2, max 538) an SGD step of γ = 0.01 times an error of ~500 overshoots and
     * the parameters ran to NaN within an epoch, so the model recommended nothing. Implicit models are used for
     * ranking only (they predict no ratings), and log(1 + w) keeps the order of weights.
     */
    static RatingMatrix trainingMatrix(RecommenderData data) {
        RatingMatrix m = RatingMatrix.of(data.interactions());
        return m.explicit ? m : m.mapValues(Math::log1p);
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return FactorModel.read(ID, model);
    }
}
