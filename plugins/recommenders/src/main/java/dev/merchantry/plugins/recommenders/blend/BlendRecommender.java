package dev.merchantry.plugins.recommenders.blend;

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
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.baseline.BiasBaselineRecommender;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.knn.ItemKnnRecommender;
import dev.merchantry.plugins.recommenders.knn.UserKnnRecommender;
import dev.merchantry.plugins.recommenders.mf.SvdPlusPlusRecommender;
import dev.merchantry.plugins.recommenders.mf.SvdRecommender;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Trains {@link BlendModel}: predicts a rating as w₀ + Σ wⱼ r̂ⱼ over member strategies, with the weights fitted by
 * ridge regression on a seeded probe sample of the training ratings that the members did not see, then the members
 * retrained on every rating with the same settings. Ranks with one member ({@code ranker}).
 */
@Extension
public final class BlendRecommender implements Recommender {

    public static final String ID = "blend";

    /** The strategies a blend may combine: every bundled strategy that predicts explicit ratings. */
    static final Map<String, Recommender> MEMBERS = members();
    private static final String[] MEMBER_IDS = {BiasBaselineRecommender.ID, ItemKnnRecommender.ID,
        UserKnnRecommender.ID, SvdRecommender.ID, SvdPlusPlusRecommender.ID};

    /** The name of the day-bias baseline input in metrics. */
    static final String DAY_INPUT = "day_baseline";

    /** Probe ratings needed per weight before the regression is trusted; below it the members are averaged. */
    static final int MIN_PROBE_PER_WEIGHT = 50;

    static final ConfigSpec SPEC = CommonKeys.excludeSeen(CommonKeys.seed(ConfigSpec.builder()
            .define("members", ConfigType.LIST, List.of(BiasBaselineRecommender.ID, ItemKnnRecommender.ID,
                            UserKnnRecommender.ID, SvdRecommender.ID, SvdPlusPlusRecommender.ID),
                    Validators.oneOf(MEMBER_IDS), Importance.HIGH,
                    "Rating strategies whose predictions are blended, each with its default settings.")
            .define("ranker", ConfigType.STRING, ItemKnnRecommender.ID, Validators.oneOf(MEMBER_IDS),
                    Importance.MEDIUM, "The member whose top-N lists the blend serves (predicted ratings rank "
                            + "obscure items too high; item-knn ranks best on ratings).")
            .define("probe_fraction", ConfigType.DOUBLE, 0.1, Validators.between(0.01, 0.5), Importance.LOW,
                    "Share of the ratings held out to fit the blend weights.")
            .define("meta_features", ConfigType.BOOLEAN, true, Importance.LOW,
                    "Let each member's weight vary with the log number of ratings of the user and of the item "
                            + "(feature-weighted linear stacking); false blends with one weight per member.")
            .define("blend_regularization", ConfigType.DOUBLE, 10.0, Validators.atLeast(0), Importance.LOW,
                    "Ridge penalty on the blend weights (not on the intercept), in squared rating units.")
            .define("day_effects", ConfigType.BOOLEAN, true, Importance.LOW,
                    "Add the bias baseline with each customer's bias of the day (Koren 2009's b_u,t) as one more "
                            + "input: it sharpens predictions of ratings given on a day the customer rated other "
                            + "items (needs timestamps; ignored when the ratings have none).")
            .define("day_regularization", ConfigType.DOUBLE, 10.0, Validators.atLeast(0), Importance.LOW,
                    "Penalty on a customer's bias of the day: about this many ratings that day before it moves "
                            + "halfway to their mean deviation.")))
            .build();

    private static Map<String, Recommender> members() {
        Map<String, Recommender> m = new LinkedHashMap<>();
        for (Recommender r : List.of(new BiasBaselineRecommender(), new ItemKnnRecommender(), new UserKnnRecommender(),
                new SvdRecommender(), new SvdPlusPlusRecommender())) {
            m.put(r.descriptor().id(), r);
        }
        return Map.copyOf(m);
    }

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Blend of rating models",
                "Combines the rating predictions of several models (bias baseline, item and user neighbours, SVD, "
                        + "SVD++) with weights learned on ratings held out from them, then retrains them on all "
                        + "ratings. The most accurate rating predictions, at the cost of training every member "
                        + "twice. Top-N lists come from one member (item-knn by default). Needs explicit ratings; "
                        + "on implicit data it serves its ranker alone.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        List<String> names = config.getList("members").isEmpty() ? List.of(config.getString("ranker"))
                : List.copyOf(new java.util.LinkedHashSet<>(config.getList("members")));
        String rankerId = config.getString("ranker");
        Interactions in = data.interactions();
        if (!in.explicit()) {
            RecommenderModel ranker = member(rankerId).fit(data, memberConfig(rankerId, config), context, progress);
            return new BlendModel(List.of(rankerId), List.of(ranker), null, BlendFeatures.plain(),
                    new double[] {0, 1}, 0, rankerId, ranker, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                    Map.of("blend_members", 1.0));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        boolean days = config.getBoolean("day_effects") && DayBiases.applicable(in);
        Blender blender = probeWeights(data, config, names, days, context, progress, metrics);
        List<RecommenderModel> models = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            CommonKeys.checkCancelled(progress);
            models.add(member(names.get(j)).fit(data, memberConfig(names.get(j), config), context, ProgressListener.NONE));
            progress.progress(0.5 + 0.5 * (j + 1) / names.size(), "retrained " + names.get(j) + " on all ratings");
        }
        int rankerAt = names.indexOf(rankerId);
        RecommenderModel ranker = rankerAt >= 0 ? models.get(rankerAt)
                : member(rankerId).fit(data, memberConfig(rankerId, config), context, ProgressListener.NONE);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < in.size(); row++) {
            min = Math.min(min, in.value(row));
            max = Math.max(max, in.value(row));
        }
        DayBiases dayBiases = days ? DayBiases.fit(in, config.getDouble("day_regularization")) : null;
        int per = blender.features.perInput();
        for (int j = 0; j < names.size(); j++) {
            metrics.put("weight_" + names.get(j), blender.weights[(j + 1) * per]);
        }
        if (dayBiases != null) {
            metrics.put("weight_" + DAY_INPUT, blender.weights[(names.size() + 1) * per]);
            metrics.put("customer_days", (double) dayBiases.userDays());
        }
        metrics.put("weight_intercept", blender.weights[0]);
        BlendFeatures served = blender.features.withSupports(BlendFeatures.counted(in,
                1 - config.getDouble("probe_fraction"), blender.features.meta()));
        return new BlendModel(names, models, dayBiases, served, blender.weights, 1, rankerId, ranker, min, max,
                metrics);
    }

    /** Fitted regression inputs and weights. */
    record Blender(BlendFeatures features, double[] weights) {
    }

    /**
     * Fits the members on all but a seeded {@code probe_fraction} of the ratings, predicts the probe, and solves
     * min Σ (r − w·x)² + λ Σ_{j≥1} wⱼ² over the inputs x of {@link BlendFeatures} (intercept unpenalised). With
     * fewer than {@link #MIN_PROBE_PER_WEIGHT} probe ratings per weight the members are averaged instead.
     */
    static Blender probeWeights(RecommenderData data, Config config, List<String> names, boolean days,
                                StrategyContext context, ProgressListener progress, Map<String, Double> metrics) {
        int k = names.size() + (days ? 1 : 0);
        Interactions in = data.interactions();
        SplittableRandom random = new SplittableRandom(config.getLong(CommonKeys.SEED));
        double fraction = config.getDouble("probe_fraction");
        Interactions.Builder train = Interactions.builder(true);
        List<Integer> probe = new ArrayList<>();
        for (int row = 0; row < in.size(); row++) {
            if (random.nextDouble() < fraction) {
                probe.add(row);
            } else {
                train.add(in.userId(in.user(row)), in.itemId(in.item(row)), in.value(row), in.timestamp(row));
            }
        }
        metrics.put("probe_ratings", (double) probe.size());
        Interactions trainPart = train.build();
        BlendFeatures features = BlendFeatures.counted(trainPart, 1, config.getBoolean("meta_features"));
        if (probe.size() < MIN_PROBE_PER_WEIGHT * features.width(k)) {
            metrics.put("blend_fitted", 0.0);
            return new Blender(features, features.averageWeights(k));
        }
        double userCenter = 0;
        double itemCenter = 0;
        for (int row : probe) {
            userCenter += features.logUserSupport(in.userId(in.user(row)));
            itemCenter += features.logItemSupport(in.itemId(in.item(row)));
        }
        features = features.centred(userCenter / probe.size(), itemCenter / probe.size());
        RecommenderData trainData = new RecommenderData(trainPart, data.baskets(), data.catalog(), data.asOf());
        double[][] predictions = new double[probe.size()][k];
        double[] y = new double[probe.size()];
        double fallback = trainPart.size() == 0 ? 0 : mean(trainPart);
        for (int j = 0; j < names.size(); j++) {
            CommonKeys.checkCancelled(progress);
            RecommenderModel m = member(names.get(j)).fit(trainData, memberConfig(names.get(j), config), context,
                    ProgressListener.NONE);
            double squared = 0;
            for (int n = 0; n < probe.size(); n++) {
                int row = probe.get(n);
                OptionalDouble p = m.predictRating(in.userId(in.user(row)), in.itemId(in.item(row)), in.timestamp(row));
                predictions[n][j] = p.isPresent() ? p.getAsDouble() : fallback;
                y[n] = in.value(row);
                squared += (predictions[n][j] - y[n]) * (predictions[n][j] - y[n]);
            }
            metrics.put("probe_rmse_" + names.get(j), Math.sqrt(squared / probe.size()));
            progress.progress(0.5 * (j + 1) / k, "fitted " + names.get(j) + " on the probe split");
        }
        if (days) {
            DayBiases dayBiases = DayBiases.fit(trainPart, config.getDouble("day_regularization"));
            double squared = 0;
            for (int n = 0; n < probe.size(); n++) {
                int row = probe.get(n);
                predictions[n][k - 1] = dayBiases.predict(in.userId(in.user(row)), in.itemId(in.item(row)),
                        in.timestamp(row));
                y[n] = in.value(row);
                squared += (predictions[n][k - 1] - y[n]) * (predictions[n][k - 1] - y[n]);
            }
            metrics.put("probe_rmse_" + DAY_INPUT, Math.sqrt(squared / probe.size()));
        }
        double[][] x = new double[probe.size()][features.width(k)];
        for (int n = 0; n < probe.size(); n++) {
            int row = probe.get(n);
            features.fill(x[n], predictions[n], in.userId(in.user(row)), in.itemId(in.item(row)));
        }
        double[] w = RidgeRegression.solve(x, y, config.getDouble("blend_regularization"));
        double squared = 0;
        for (int n = 0; n < probe.size(); n++) {
            double e = y[n] - RidgeRegression.predict(w, x[n]);
            squared += e * e;
        }
        metrics.put("probe_rmse_blend", Math.sqrt(squared / probe.size()));
        metrics.put("blend_fitted", 1.0);
        return new Blender(features, w);
    }

    private static double mean(Interactions in) {
        double s = 0;
        for (int row = 0; row < in.size(); row++) {
            s += in.value(row);
        }
        return s / in.size();
    }

    static Recommender member(String id) {
        return MEMBERS.get(id);
    }

    /** A member's default settings with the blend's seed and exclude_seen. */
    static Config memberConfig(String id, Config blend) {
        ConfigSpec spec = member(id).descriptor().configSpec();
        Map<String, Object> shared = new LinkedHashMap<>();
        for (var key : spec.keys()) {
            if (key.name().equals(CommonKeys.SEED)) {
                shared.put(CommonKeys.SEED, blend.getLong(CommonKeys.SEED));
            } else if (key.name().equals(CommonKeys.EXCLUDE_SEEN)) {
                shared.put(CommonKeys.EXCLUDE_SEEN, blend.getBoolean(CommonKeys.EXCLUDE_SEEN));
            }
        }
        return spec.parse(shared);
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return BlendModel.read(model);
    }
}
