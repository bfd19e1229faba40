package dev.merchantry.platform.tools.evaluation.recommender;

import java.util.Map;

/**
 * The metrics of one fold.
 *
 * @param fold 1-based fold number
 * @param trainSize training rows
 * @param testSize test rows
 * @param rankedUsers test users with at least one relevant item, over whom ranking metrics are averaged
 * @param metrics metric name → value, in the order of {@link RecommenderEvaluator#METRICS}; rating metrics are
 *        absent when the strategy does not predict ratings
 */
public record FoldResult(int fold, int trainSize, int testSize, int rankedUsers, Map<String, Double> metrics) {

    public FoldResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
}
