package dev.merchantry.plugins.recommenders.knn;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.plugins.recommenders.baseline.BiasBaseline;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.TopItems;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Item neighbour lists with the bias baseline. Top-N: an item's score is the sum of its similarities to the
 * source items (the context items on a product page or cart, else the customer's interacted items), as in
 * Deshpande &amp; Karypis 2004; the reason names the source item contributing most. Ratings: KNNBaseline.
 */
final class ItemKnnModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final ModelIndex index;
    private final BiasBaseline baseline;
    private final NeighbourLists lists;
    private final int k;
    private final boolean excludeSeen;

    ItemKnnModel(ModelIndex index, BiasBaseline baseline, NeighbourLists lists, int k, boolean excludeSeen) {
        this.index = index;
        this.baseline = baseline;
        this.lists = lists;
        this.k = k;
        this.excludeSeen = excludeSeen;
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        int u = index.user(query.customerId());
        int[] context = index.knownItems(query.contextItems());
        boolean byContext = context.length > 0;
        if (!byContext && u < 0) {
            return List.of();
        }
        int[] sources = byContext ? context : seenItems(u);
        double[] scores = new double[index.items()];
        Arrays.fill(scores, Double.NaN);
        int[] why = new int[index.items()];
        double[] whyWeight = new double[index.items()];
        for (int s : sources) {
            for (int n = lists.from(s); n < lists.to(s); n++) {
                int j = lists.neighbour(n);
                double c = lists.similarity(n);
                scores[j] = scores[j] == scores[j] ? scores[j] + c : c;
                if (c > whyWeight[j]) {
                    whyWeight[j] = c;
                    why[j] = s;
                }
            }
        }
        TopItems top = TopItems.ofScores(scores,
                i -> contains(context, i) || (excludeSeen && index.seen(u, i)), index, query);
        String prefix = byContext ? "similar to " : "because you " + index.interactionVerb() + " ";
        return top.toList(index, i -> prefix + index.label(why[i]));
    }

    private int[] seenItems(int u) {
        int[] items = new int[index.seenTo(u) - index.seenFrom(u)];
        for (int k = 0; k < items.length; k++) {
            items[k] = index.seenItem(index.seenFrom(u) + k);
        }
        return items;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * b_ui + Σ s_ij (r_uj − b_uj) / Σ s_ij over the k most similar items to i that u rated (walking i's kept
     * neighbours, best first); the baseline alone when u rated none of them, for unknown users or items.
     */
    @Override
    public OptionalDouble predictRating(String userId, String itemId) {
        if (!index.explicit() || index.items() == 0) {
            return OptionalDouble.empty();
        }
        int u = index.user(userId);
        int i = index.item(itemId);
        double estimate = baseline.predict(u, i);
        if (u >= 0 && i >= 0) {
            double num = 0;
            double den = 0;
            int used = 0;
            for (int n = lists.from(i); n < lists.to(i) && used < k; n++) {
                int j = lists.neighbour(n);
                double r = index.value(u, j);
                if (r == r) {
                    double s = lists.similarity(n);
                    num += s * (r - baseline.predict(u, j));
                    den += s;
                    used++;
                }
            }
            if (den > 0) {
                estimate += num / den;
            }
        }
        return OptionalDouble.of(index.clampRating(estimate));
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("items", (double) index.items(), "neighbour_entries", (double) lists.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        index.write(w);
        w.writeBoolean(excludeSeen).writeInt(k).writeDouble(baseline.mean).writeDoubles(baseline.userBias)
                .writeDoubles(baseline.itemBias);
        lists.write(w);
        return w.toModel(ItemKnnRecommender.ID, FORMAT);
    }

    static ItemKnnModel read(SerializedModel model) {
        model.requireFormat(ItemKnnRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        ModelIndex index = ModelIndex.read(r);
        boolean excludeSeen = r.readBoolean();
        int k = r.readInt();
        double mu = r.readDouble();
        double[] bu = r.readDoubles();
        double[] bi = r.readDoubles();
        ModelIndex.require(bu.length == index.users() && bi.length == index.items(), "bias vector sizes");
        NeighbourLists lists = NeighbourLists.read(r, index.items(), index.items());
        return new ItemKnnModel(index, new BiasBaseline(mu, bu, bi), lists, k, excludeSeen);
    }
}
