package dev.merchantry.plugins.recommenders.cooccurrence;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.TopItems;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pair rules plus each customer's most recent items. The sources are the context items (product page, cart) or,
 * without context, the customer's recent items; a partner's score is the sum of its rule scores from the sources,
 * and the reason names the source with the strongest rule.
 */
final class BoughtTogetherModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final ModelIndex index;
    private final PairRules rules;
    private final int[] recentPtr;
    private final int[] recentItems;
    private final boolean excludeSeen;

    BoughtTogetherModel(ModelIndex index, PairRules rules, int[] recentPtr, int[] recentItems, boolean excludeSeen) {
        this.index = index;
        this.rules = rules;
        this.recentPtr = recentPtr;
        this.recentItems = recentItems;
        this.excludeSeen = excludeSeen;
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        int u = index.user(query.customerId());
        int[] context = index.knownItems(query.contextItems());
        int[] sources = context.length > 0 ? context
                : u >= 0 ? Arrays.copyOfRange(recentItems, recentPtr[u], recentPtr[u + 1]) : new int[0];
        if (sources.length == 0) {
            return List.of();
        }
        double[] scores = new double[index.items()];
        Arrays.fill(scores, Double.NaN);
        int[] why = new int[index.items()];
        float[] whyScore = new float[index.items()];
        for (int s : sources) {
            for (int k = rules.ptr[s]; k < rules.ptr[s + 1]; k++) {
                int j = rules.partner[k];
                float w = rules.score[k];
                scores[j] = scores[j] == scores[j] ? scores[j] + w : w;
                if (w > whyScore[j]) {
                    whyScore[j] = w;
                    why[j] = s;
                }
            }
        }
        TopItems top = TopItems.ofScores(scores, i -> contains(context, i) || (excludeSeen && index.seen(u, i)),
                index, query);
        return top.toList(index, i -> "bought together with " + index.label(why[i]));
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("items", (double) index.items(), "pairs", (double) rules.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        index.write(w);
        w.writeBoolean(excludeSeen).writeInts(recentPtr).writeInts(recentItems);
        rules.write(w);
        return w.toModel(BoughtTogetherRecommender.ID, FORMAT);
    }

    static BoughtTogetherModel read(SerializedModel model) {
        model.requireFormat(BoughtTogetherRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        ModelIndex index = ModelIndex.read(r);
        boolean excludeSeen = r.readBoolean();
        int[] recentPtr = r.readInts();
        int[] recentItems = r.readInts();
        ModelIndex.require(recentPtr.length == index.users() + 1 && recentPtr[index.users()] == recentItems.length,
                "recent item sizes");
        for (int u = 0; u < index.users(); u++) {
            ModelIndex.require(recentPtr[u] >= 0 && recentPtr[u] <= recentPtr[u + 1], "recent item offsets");
        }
        for (int i : recentItems) {
            ModelIndex.require(i >= 0 && i < index.items(), "recent item out of range");
        }
        return new BoughtTogetherModel(index, PairRules.read(r, index.items()), recentPtr, recentItems, excludeSeen);
    }
}
