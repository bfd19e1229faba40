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
 * User neighbour lists with the bias baseline. Top-N for a customer: an item's score is the summed similarity of
 * the customer's k nearest neighbours who chose it. For context items (product page, cart) the neighbours are the
 * customers who chose those items, weighted by the cosine between their history and the context set.
 */
final class UserKnnModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final ModelIndex index;
    private final BiasBaseline baseline;
    private final NeighbourLists lists;
    private final int k;
    private final boolean excludeSeen;

    UserKnnModel(ModelIndex index, BiasBaseline baseline, NeighbourLists lists, int k, boolean excludeSeen) {
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
        int[] neighbours;
        double[] weights;
        if (byContext) {
            double[][] w = new double[1][];
            neighbours = contextNeighbours(context, w);
            weights = w[0];
        } else {
            int n = Math.min(k, lists.to(u) - lists.from(u));
            neighbours = new int[n];
            weights = new double[n];
            for (int t = 0; t < n; t++) {
                neighbours[t] = lists.neighbour(lists.from(u) + t);
                weights[t] = lists.similarity(lists.from(u) + t);
            }
        }
        double[] scores = new double[index.items()];
        Arrays.fill(scores, Double.NaN);
        for (int t = 0; t < neighbours.length; t++) {
            int v = neighbours[t];
            for (int s = index.seenFrom(v); s < index.seenTo(v); s++) {
                int i = index.seenItem(s);
                scores[i] = scores[i] == scores[i] ? scores[i] + weights[t] : weights[t];
            }
        }
        TopItems top = TopItems.ofScores(scores,
                i -> contains(context, i) || (excludeSeen && index.seen(u, i)), index, query);
        String reason = byContext ? "chosen by customers who chose " + index.label(context[0])
                : "popular with customers who share your taste";
        return top.toList(index, i -> reason);
    }

    /** Users who chose a context item, weighted by |shared| / sqrt(|history| · |context|), top k. */
    private int[] contextNeighbours(int[] context, double[][] weightsOut) {
        Map<Integer, Integer> shared = new java.util.HashMap<>();
        for (int c : context) {
            for (int v = 0; v < index.users(); v++) {
                if (index.seen(v, c)) {
                    shared.merge(v, 1, Integer::sum);
                }
            }
        }
        long[] keys = new long[shared.size()];
        int n = 0;
        for (Map.Entry<Integer, Integer> e : shared.entrySet()) {
            int v = e.getKey();
            double w = e.getValue() / Math.sqrt((double) (index.seenTo(v) - index.seenFrom(v)) * context.length);
            keys[n++] = ((long) Float.floatToIntBits((float) w) << 32) | (Integer.MAX_VALUE - v);
        }
        Arrays.sort(keys);
        int kept = Math.min(k, n);
        int[] users = new int[kept];
        double[] weights = new double[kept];
        for (int t = 0; t < kept; t++) {
            long key = keys[n - 1 - t];
            users[t] = Integer.MAX_VALUE - (int) (key & 0xffffffffL);
            weights[t] = Float.intBitsToFloat((int) (key >>> 32));
        }
        weightsOut[0] = weights;
        return users;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** b_ui + Σ s_uv (r_vi − b_vi) / Σ s_uv over u's k most similar users who rated i; the baseline otherwise. */
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
            for (int n = lists.from(u); n < lists.to(u) && used < k; n++) {
                int v = lists.neighbour(n);
                double r = index.value(v, i);
                if (r == r) {
                    double s = lists.similarity(n);
                    num += s * (r - baseline.predict(v, i));
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
        return Map.of("users", (double) index.users(), "neighbour_entries", (double) lists.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        index.write(w);
        w.writeBoolean(excludeSeen).writeInt(k).writeDouble(baseline.mean).writeDoubles(baseline.userBias)
                .writeDoubles(baseline.itemBias);
        lists.write(w);
        return w.toModel(UserKnnRecommender.ID, FORMAT);
    }

    static UserKnnModel read(SerializedModel model) {
        model.requireFormat(UserKnnRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        ModelIndex index = ModelIndex.read(r);
        boolean excludeSeen = r.readBoolean();
        int k = r.readInt();
        double mu = r.readDouble();
        double[] bu = r.readDoubles();
        double[] bi = r.readDoubles();
        ModelIndex.require(bu.length == index.users() && bi.length == index.items(), "bias vector sizes");
        NeighbourLists lists = NeighbourLists.read(r, index.users(), index.users());
        return new UserKnnModel(index, new BiasBaseline(mu, bu, bi), lists, k, excludeSeen);
    }
}
