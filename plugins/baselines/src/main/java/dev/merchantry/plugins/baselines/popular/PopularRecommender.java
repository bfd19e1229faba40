package dev.merchantry.plugins.baselines.popular;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Trains {@link PopularModel}: popularity per item decayed relative to the shop's latest interaction, globally and per category, hidden items excluded. */
@Extension
public final class PopularRecommender implements Recommender {

    public static final String ID = "popular";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("half_life_days", ConfigType.DOUBLE, 30.0, Validators.greaterThan(0), Importance.HIGH,
                    "Days after which an interaction counts half as much; smaller follows trends faster.")
            .define("min_rating", ConfigType.DOUBLE, 0.0, Validators.atLeast(0), Importance.LOW,
                    "For explicit ratings: only ratings at or above this value count as a signal.")
            .define("exclude_seen", ConfigType.BOOLEAN, true, Importance.MEDIUM,
                    "Do not recommend items the customer already interacted with.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Popular right now",
                "Recommends the items with the highest time-decayed interaction weight; on a product page, popular "
                        + "items of the same category first. Hidden products are never recommended. The fallback "
                        + "for shoppers and products without history.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        double halfLifeMillis = config.getDouble("half_life_days") * 86_400_000.0;
        double minRating = config.getDouble("min_rating");
        Interactions in = data.interactions();
        long reference = decayReference(in, data.asOf().toEpochMilli());
        Map<String, Double> score = new HashMap<>();
        Map<String, List<String>> seen = new HashMap<>();
        for (int row = 0; row < in.size(); row++) {
            String item = in.itemId(in.item(row));
            CatalogItem catalogItem = data.catalog().get(item);
            if (catalogItem != null && catalogItem.hidden()) {
                continue;
            }
            double value = in.value(row);
            double weight = in.explicit() ? (value >= minRating ? 1.0 : 0.0) : value;
            if (!(weight > 0) || !Double.isFinite(weight)) {
                continue;
            }
            // Events after the reference (clock skew) count as fresh, not as boosted.
            double age = Math.max(0, reference - in.timestamp(row));
            score.merge(item, weight * Math.pow(0.5, age / halfLifeMillis), Double::sum);
            seen.computeIfAbsent(in.userId(in.user(row)), u -> new ArrayList<>()).add(item);
        }
        Map<String, String> categories = new HashMap<>();
        for (String item : score.keySet()) {
            CatalogItem c = data.catalog().get(item);
            if (c != null && c.category() != null && !c.category().isBlank()) {
                categories.put(item, c.category());
            }
        }
        progress.progress(1.0, "ranked " + score.size() + " items");
        return new PopularModel(score, categories, config.getBoolean("exclude_seen") ? seen : Map.of());
    }

    /**
     * The instant ages are measured from: the shop's latest interaction, or {@code asOf} if that is earlier (events
     * stamped in the future by a skewed clock). Decaying against the wall clock would let a shop whose history ends
     * in the past underflow every score to ~1e-39 and rank by rounding noise; relative to the latest event the
     * scores stay comparable and only the relative age of interactions matters.
     */
    static long decayReference(Interactions in, long asOf) {
        long latest = Long.MIN_VALUE;
        for (int row = 0; row < in.size(); row++) {
            latest = Math.max(latest, in.timestamp(row));
        }
        return latest == Long.MIN_VALUE ? asOf : Math.min(latest, asOf);
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return PopularModel.read(model);
    }
}
