package dev.merchantry.plugins.recommenders.blend;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Member models, blend weights and a ranker: predicts w₀ + Σ wⱼ r̂ⱼ clamped to the training rating range, and serves
 * the ranker's top-N lists. Immutable; safe for concurrent queries as its members are.
 */
final class BlendModel implements RecommenderModel {

    /** 2: optional day biases after the features (1: none, still read). */
    static final int FORMAT = 2;

    private final List<String> names;
    private final List<RecommenderModel> members;
    /** The day-bias baseline input, after the members' predictions; null when the blend has none. */
    private final DayBiases dayBiases;
    private final BlendFeatures features;
    private final double[] weights;
    /** 1 when the weights predict ratings; 0 for a ranker-only model (implicit data). */
    private final int predicts;
    private final String rankerId;
    private final RecommenderModel ranker;
    private final double min;
    private final double max;
    private final Map<String, Double> metrics;

    BlendModel(List<String> names, List<RecommenderModel> members, DayBiases dayBiases, BlendFeatures features,
               double[] weights, int predicts, String rankerId, RecommenderModel ranker, double min, double max,
               Map<String, Double> metrics) {
        this.names = List.copyOf(names);
        this.members = List.copyOf(members);
        this.dayBiases = dayBiases;
        this.features = features;
        this.weights = weights.clone();
        this.predicts = predicts;
        this.rankerId = rankerId;
        this.ranker = ranker;
        this.min = min;
        this.max = max;
        this.metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        return ranker.recommend(query);
    }

    @Override
    public OptionalDouble predictRating(String userId, String itemId) {
        return predictRating(userId, itemId, 0);
    }

    @Override
    public OptionalDouble predictRating(String userId, String itemId, long timestampMillis) {
        if (predicts == 0 || !(min <= max)) {
            return OptionalDouble.empty();
        }
        double[] predictions = new double[inputs(members.size(), dayBiases)];
        for (int j = 0; j < members.size(); j++) {
            OptionalDouble p = members.get(j).predictRating(userId, itemId, timestampMillis);
            if (p.isEmpty()) {
                return OptionalDouble.empty();
            }
            predictions[j] = p.getAsDouble();
        }
        if (dayBiases != null) {
            predictions[members.size()] = dayBiases.predict(userId, itemId, timestampMillis);
        }
        double[] x = new double[features.width(predictions.length)];
        features.fill(x, predictions, userId, itemId);
        double r = RidgeRegression.predict(weights, x);
        return OptionalDouble.of(Math.max(min, Math.min(max, r)));
    }

    /** Prediction inputs of the regression: the members and the day-bias baseline if any. */
    private static int inputs(int members, DayBiases dayBiases) {
        return members + (dayBiases == null ? 0 : 1);
    }

    @Override
    public Map<String, Double> metrics() {
        return metrics;
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        w.writeInt(predicts).writeDoubles(weights).writeDouble(min).writeDouble(max).writeStrings(names);
        features.write(w);
        w.writeBoolean(dayBiases != null);
        if (dayBiases != null) {
            dayBiases.write(w);
        }
        for (RecommenderModel m : members) {
            writeMember(w, m.serialize());
        }
        w.writeString(rankerId);
        int rankerAt = members.indexOf(ranker);
        w.writeInt(rankerAt);
        if (rankerAt < 0) {
            writeMember(w, ranker.serialize());
        }
        w.writeStrings(new ArrayList<>(metrics.keySet()));
        for (double v : metrics.values()) {
            w.writeDouble(v);
        }
        return w.toModel(BlendRecommender.ID, FORMAT);
    }

    private static void writeMember(ModelWriter w, SerializedModel m) {
        w.writeString(m.strategyId()).writeInt(m.formatVersion()).writeBytes(m.bytes());
    }

    private static RecommenderModel readMember(ModelReader r, String expected) {
        String id = r.readString();
        if (!id.equals(expected) || !BlendRecommender.MEMBERS.containsKey(id)) {
            throw new ModelFormatException("blend member " + id + " where " + expected + " was expected");
        }
        int format = r.readInt();
        return BlendRecommender.member(id).load(new SerializedModel(id, format, r.readBytes()));
    }

    static BlendModel read(SerializedModel model) {
        model.requireFormat(BlendRecommender.ID, FORMAT);
        try {
            ModelReader r = new ModelReader(model);
            int predicts = r.readInt();
            double[] weights = r.readDoubles();
            double min = r.readDouble();
            double max = r.readDouble();
            List<String> names = r.readStrings();
            BlendFeatures features = BlendFeatures.read(r);
            DayBiases dayBiases = model.formatVersion() >= 2 && r.readBoolean() ? DayBiases.read(r) : null;
            if (weights.length != features.width(inputs(names.size(), dayBiases))) {
                throw new ModelFormatException("blend: " + weights.length + " weights for " + names.size() + " members");
            }
            List<RecommenderModel> members = new ArrayList<>();
            for (String name : names) {
                members.add(readMember(r, name));
            }
            String rankerId = r.readString();
            int rankerAt = r.readInt();
            RecommenderModel ranker = rankerAt >= 0 && rankerAt < members.size() ? members.get(rankerAt)
                    : readMember(r, rankerId);
            List<String> keys = r.readStrings();
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String key : keys) {
                metrics.put(key, r.readDouble());
            }
            return new BlendModel(names, members, dayBiases, features, weights, predicts, rankerId, ranker, min, max, metrics);
        } catch (RuntimeException e) {
            if (e instanceof ModelFormatException) {
                throw e;
            }
            throw new ModelFormatException("blend model bytes are corrupt: " + e.getMessage());
        }
    }
}
