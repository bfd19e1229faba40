package dev.merchantry.plugins.recommenders.baseline;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.TopItems;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** μ + b_u + b_i: predicts ratings; ranks items by their bias, the same order for every customer. */
final class BiasBaselineModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final ModelIndex index;
    private final BiasBaseline biases;
    private final boolean excludeSeen;

    BiasBaselineModel(ModelIndex index, BiasBaseline biases, boolean excludeSeen) {
        this.index = index;
        this.biases = biases;
        this.excludeSeen = excludeSeen;
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        int u = index.user(query.customerId());
        int[] context = index.knownItems(query.contextItems());
        if (index.items() == 0 || (u < 0 && context.length == 0)) {
            return List.of();
        }
        TopItems top = TopItems.ofScores(biases.itemBias,
                i -> contains(context, i) || (excludeSeen && index.seen(u, i)), index, query);
        return top.toList(index, i -> index.explicit() ? "rated highly by other customers" : "popular with other customers");
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public OptionalDouble predictRating(String userId, String itemId) {
        if (!index.explicit() || index.items() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(index.clampRating(biases.predict(index.user(userId), index.item(itemId))));
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("global_mean", biases.mean, "users", (double) index.users(), "items", (double) index.items());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        index.write(w);
        w.writeBoolean(excludeSeen).writeDouble(biases.mean).writeDoubles(biases.userBias).writeDoubles(biases.itemBias);
        return w.toModel(BiasBaselineRecommender.ID, FORMAT);
    }

    static BiasBaselineModel read(SerializedModel model) {
        model.requireFormat(BiasBaselineRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        ModelIndex index = ModelIndex.read(r);
        boolean excludeSeen = r.readBoolean();
        double mean = r.readDouble();
        double[] bu = r.readDoubles();
        double[] bi = r.readDoubles();
        ModelIndex.require(bu.length == index.users() && bi.length == index.items(), "bias vector sizes");
        return new BiasBaselineModel(index, new BiasBaseline(mean, bu, bi), excludeSeen);
    }
}
