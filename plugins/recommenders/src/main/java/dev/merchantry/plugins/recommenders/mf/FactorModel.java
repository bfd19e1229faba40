package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.plugins.recommenders.common.ModelIndex;
import dev.merchantry.plugins.recommenders.common.TopItems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A trained biased factor model r̂_ui = μ + b_u + b_i + q_iᵀz_u, where z_u is p_u (SVD) or p_u plus the
 * normalised implicit sum (SVD++), precomputed at training time; factors are stored as floats.
 *
 * <p>Customers are ranked items by predicted rating (b_i + q_iᵀz_u; b_u does not change the order). On a product
 * page or cart (context items given) items are ranked by the cosine of their factor vectors to the context items'
 * ("similar to …"). Reasons name the customer's own item closest in factor space.
 */
public final class FactorModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final String strategyId;
    private final ModelIndex index;
    private final int f;
    private final double mu;
    private final double[] bu;
    private final double[] bi;
    private final float[] z;
    private final float[] q;
    /** ‖q_i‖, for cosines; computed on first use (only product-page queries and reasons need it). */
    private volatile double[] qNorm;
    private final boolean excludeSeen;
    private final boolean predictsRatings;
    private final Map<String, Double> metrics;

    /**
     * @param predictsRatings false for models of implicit feedback, whose scores are not ratings (e.g. ALS)
     */
    public FactorModel(String strategyId, ModelIndex index, int f, double mu, double[] bu, double[] bi, float[] z,
                       float[] q, boolean excludeSeen, boolean predictsRatings, Map<String, Double> metrics) {
        this.strategyId = strategyId;
        this.predictsRatings = predictsRatings;
        this.index = index;
        this.f = f;
        this.mu = mu;
        this.bu = bu;
        this.bi = bi;
        this.z = z;
        this.q = q;
        this.excludeSeen = excludeSeen;
        this.metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
    }

    private double[] qNorm() {
        double[] norms = qNorm;
        if (norms == null) {
            norms = new double[index.items()];
            for (int i = 0; i < norms.length; i++) {
                double s = 0;
                for (int c = 0; c < f; c++) {
                    s += q[i * f + c] * q[i * f + c];
                }
                norms[i] = Math.sqrt(s);
            }
            qNorm = norms;
        }
        return norms;
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        int u = index.user(query.customerId());
        int[] context = index.knownItems(query.contextItems());
        if (index.items() == 0 || (u < 0 && context.length == 0)) {
            return List.of();
        }
        double[] scores = new double[index.items()];
        if (context.length > 0) {
            for (int i = 0; i < scores.length; i++) {
                double s = 0;
                for (int c : context) {
                    s += cosine(c, i);
                }
                scores[i] = s / context.length;
            }
        } else {
            for (int i = 0; i < scores.length; i++) {
                scores[i] = bi[i] + dot(z, u, i);
            }
        }
        TopItems top = TopItems.ofScores(scores, i -> contains(context, i) || (excludeSeen && index.seen(u, i)),
                index, query);
        return top.toList(index, i -> context.length > 0 ? "similar to " + index.label(closest(context, i))
                : explainForUser(u, i));
    }

    private String explainForUser(int u, int i) {
        int best = -1;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int k = index.seenFrom(u); k < index.seenTo(u); k++) {
            int j = index.seenItem(k);
            // Prefer items the customer liked: a rating below their own baseline explains nothing.
            if (predictsRatings && index.explicit() && index.seenValue(k) < mu + bu[u] + bi[j]) {
                continue;
            }
            double s = cosine(j, i);
            if (s > bestSim) {
                bestSim = s;
                best = j;
            }
        }
        return best >= 0 ? "because you " + index.interactionVerb() + " " + index.label(best)
                : "matches your taste";
    }

    private int closest(int[] context, int i) {
        int best = context[0];
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int c : context) {
            double s = cosine(c, i);
            if (s > bestSim) {
                bestSim = s;
                best = c;
            }
        }
        return best;
    }

    private double cosine(int a, int b) {
        double[] norms = qNorm();
        double d = norms[a] * norms[b];
        if (d == 0) {
            return 0;
        }
        double s = 0;
        for (int c = 0; c < f; c++) {
            s += q[a * f + c] * q[b * f + c];
        }
        return s / d;
    }

    private double dot(float[] userVectors, int u, int i) {
        double s = 0;
        for (int c = 0; c < f; c++) {
            s += userVectors[u * f + c] * q[i * f + c];
        }
        return s;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** μ + b_u + b_i + q_iᵀz_u clamped to the rating scale; an unknown user or item contributes no bias or factors. */
    @Override
    public OptionalDouble predictRating(String userId, String itemId) {
        if (!predictsRatings || !index.explicit() || index.items() == 0) {
            return OptionalDouble.empty();
        }
        int u = index.user(userId);
        int i = index.item(itemId);
        double r = mu + (u >= 0 ? bu[u] : 0) + (i >= 0 ? bi[i] : 0) + (u >= 0 && i >= 0 ? dot(z, u, i) : 0);
        return OptionalDouble.of(index.clampRating(r));
    }

    @Override
    public Map<String, Double> metrics() {
        return metrics;
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        index.write(w);
        w.writeBoolean(excludeSeen).writeBoolean(predictsRatings).writeInt(f).writeDouble(mu).writeDoubles(bu).writeDoubles(bi).writeFloats(z)
                .writeFloats(q);
        w.writeStrings(List.copyOf(metrics.keySet()));
        for (double v : metrics.values()) {
            w.writeDouble(v);
        }
        return w.toModel(strategyId, FORMAT);
    }

    /** Reads a model {@link #serialize} wrote for {@code strategyId}. */
    public static FactorModel read(String strategyId, SerializedModel model) {
        model.requireFormat(strategyId, FORMAT);
        ModelReader r = new ModelReader(model);
        ModelIndex index = ModelIndex.read(r);
        boolean excludeSeen = r.readBoolean();
        boolean predictsRatings = r.readBoolean();
        int f = r.readInt();
        double mu = r.readDouble();
        double[] bu = r.readDoubles();
        double[] bi = r.readDoubles();
        float[] z = r.readFloats();
        float[] q = r.readFloats();
        ModelIndex.require(f >= 0 && bu.length == index.users() && bi.length == index.items()
                && z.length == (long) index.users() * f && q.length == (long) index.items() * f, "factor sizes");
        List<String> keys = r.readStrings();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String k : keys) {
            metrics.put(k, r.readDouble());
        }
        return new FactorModel(strategyId, index, f, mu, bu, bi, z, q, excludeSeen, predictsRatings, metrics);
    }
}
