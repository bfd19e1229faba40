package dev.merchantry.plugins.recommenders.ease;

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
 * Scores = Σ over source items (context items, else the customer's interacted items) of their B rows. The reason
 * names the source item with the largest positive weight to the recommended item.
 */
final class EaseModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final ModelIndex index;
    private final EaseWeights weights;
    private final boolean excludeSeen;

    EaseModel(ModelIndex index, EaseWeights weights, boolean excludeSeen) {
        this.index = index;
        this.weights = weights;
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
        int[] sources = context;
        if (!byContext) {
            sources = new int[index.seenTo(u) - index.seenFrom(u)];
            for (int k = 0; k < sources.length; k++) {
                sources[k] = index.seenItem(index.seenFrom(u) + k);
            }
        }
        double[] scores = new double[index.items()];
        Arrays.fill(scores, Double.NaN);
        int[] why = new int[index.items()];
        float[] whyWeight = new float[index.items()];
        for (int s : sources) {
            for (int k = weights.ptr[s]; k < weights.ptr[s + 1]; k++) {
                int j = weights.target[k];
                float w = weights.weight[k];
                scores[j] = scores[j] == scores[j] ? scores[j] + w : w;
                if (w > whyWeight[j]) {
                    whyWeight[j] = w;
                    why[j] = s;
                }
            }
        }
        // Items only negatively linked to the sources are not recommendations.
        for (int j = 0; j < scores.length; j++) {
            if (!(whyWeight[j] > 0)) {
                scores[j] = Double.NaN;
            }
        }
        TopItems top = TopItems.ofScores(scores, i -> contains(context, i) || (excludeSeen && index.seen(u, i)),
                index, query);
        String prefix = byContext ? "often chosen with " : "because you " + index.interactionVerb() + " ";
        return top.toList(index, i -> prefix + index.label(why[i]));
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
        return Map.of("items", (double) index.items(), "weights", (double) weights.target.length);
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        index.write(w);
        w.writeBoolean(excludeSeen);
        weights.write(w);
        return w.toModel(EaseRecommender.ID, FORMAT);
    }

    static EaseModel read(SerializedModel model) {
        model.requireFormat(EaseRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        ModelIndex index = ModelIndex.read(r);
        boolean excludeSeen = r.readBoolean();
        return new EaseModel(index, EaseWeights.read(r, index.items()), excludeSeen);
    }
}
