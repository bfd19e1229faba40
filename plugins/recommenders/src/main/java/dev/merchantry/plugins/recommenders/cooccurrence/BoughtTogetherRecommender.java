package dev.merchantry.plugins.recommenders.cooccurrence;

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
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.pf4j.Extension;

import java.util.Arrays;

/** Trains {@link BoughtTogetherModel} from {@link RecommenderData#baskets()}. */
@Extension
public final class BoughtTogetherRecommender implements Recommender {

    public static final String ID = "bought-together";

    static final String[] RANKINGS = {"confidence", "lift", "support"};

    static final ConfigSpec SPEC = CommonKeys.excludeSeen(ConfigSpec.builder()
            .define("min_support", ConfigType.INT, 2, Validators.atLeast(1), Importance.HIGH,
                    "Minimum number of orders containing both products for the pair to count.")
            .define("min_lift", ConfigType.DOUBLE, 1.0, Validators.atLeast(0), Importance.MEDIUM,
                    "Minimum lift (how much more often the pair is bought together than by chance); 1 keeps "
                            + "only positively associated pairs.")
            .define("rank_by", ConfigType.STRING, "confidence", Validators.oneOf(RANKINGS), Importance.MEDIUM,
                    "Order of partners: confidence (share of orders with the product that also have the partner), "
                            + "lift (favours niche pairings) or support (raw pair count).")
            .define("neighbours", ConfigType.INT, 50, Validators.between(1, 10_000), Importance.LOW,
                    "Partners kept per product.")
            .define("max_basket_size", ConfigType.INT, 50, Validators.atLeast(2), Importance.LOW,
                    "Orders with more distinct products are skipped (bulk or B2B orders pair everything).")
            .define("recent_items", ConfigType.INT, 5, Validators.between(1, 1000), Importance.LOW,
                    "For a customer without context items: how many of their most recent products seed the answer."))
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Frequently bought together",
                "Finds products that appear in the same orders more often than chance (support, confidence and "
                        + "lift over order baskets). For product pages and carts; for a customer it starts from "
                        + "their most recent products. Needs completed orders; says nothing (the shop's fallback "
                        + "answers) for products never bought with anything.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        // Items of the index: every item with an interaction or in a basket.
        Interactions in = data.interactions();
        Interactions.Builder b = Interactions.builder(in.explicit());
        for (int r = 0; r < in.size(); r++) {
            b.add(in.userId(in.user(r)), in.itemId(in.item(r)), in.value(r), in.timestamp(r));
        }
        for (int i = 0; i < in.itemCount(); i++) {
            b.addItem(in.itemId(i));
        }
        for (Basket basket : data.baskets()) {
            for (String item : basket.itemIds()) {
                b.addItem(item);
            }
        }
        Interactions all = b.build();
        RatingMatrix m = RatingMatrix.of(all);
        ModelIndex index = ModelIndex.of(new RecommenderData(all, data.baskets(), data.catalog(), data.asOf()), m);
        CommonKeys.checkCancelled(progress);
        PairRules rules = PairRules.mine(data.baskets(), index, config.getInt("min_support"),
                config.getDouble("min_lift"), config.getString("rank_by"), config.getInt("neighbours"),
                config.getInt("max_basket_size"));
        progress.progress(0.9, rules.size() + " product pairs");
        int[][] recent = recentItems(m, config.getInt("recent_items"));
        progress.progress(1.0, rules.size() + " product pairs");
        return new BoughtTogetherModel(index, rules, recent[0], recent[1], config.getBoolean(CommonKeys.EXCLUDE_SEEN));
    }

    /** Per user, the {@code n} most recently interacted items, newest first (ties: lower item index). */
    static int[][] recentItems(RatingMatrix m, int n) {
        int[] ptr = new int[m.users + 1];
        int[] items = new int[Math.min(m.size(), m.users * n)];
        int size = 0;
        for (int u = 0; u < m.users; u++) {
            int from = m.userPtr[u];
            int len = m.userPtr[u + 1] - from;
            Integer[] order = new Integer[len];
            for (int k = 0; k < len; k++) {
                order[k] = from + k;
            }
            Arrays.sort(order, (a, c) -> m.userTimes[a] != m.userTimes[c] ? Long.compare(m.userTimes[c], m.userTimes[a])
                    : Integer.compare(m.userItems[a], m.userItems[c]));
            for (int k = 0; k < Math.min(n, len); k++) {
                items[size++] = m.userItems[order[k]];
            }
            ptr[u + 1] = size;
        }
        return new int[][] {ptr, Arrays.copyOf(items, size)};
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return BoughtTogetherModel.read(model);
    }
}
