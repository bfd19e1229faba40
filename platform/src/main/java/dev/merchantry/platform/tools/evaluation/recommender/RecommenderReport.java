package dev.merchantry.platform.tools.evaluation.recommender;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The result of evaluating one strategy: JSON {@code {strategy, config, folds: [...], mean: {...}}} or a text table
 * with one row per metric and one column per fold plus the mean.
 */
public record RecommenderReport(String strategy, Map<String, Object> config, List<FoldResult> folds) {

    public RecommenderReport {
        folds = List.copyOf(folds);
    }

    public Map<String, Double> mean() {
        return RecommenderEvaluator.mean(folds);
    }

    public JsonObject toJson() {
        JsonObject cfg = new JsonObject();
        config.forEach((k, v) -> cfg.put(k, v instanceof List<?> l ? new JsonArray(new ArrayList<>(l)) : v));
        JsonArray fs = new JsonArray();
        for (FoldResult f : folds) {
            JsonObject o = new JsonObject().put("fold", f.fold()).put("train_size", f.trainSize())
                    .put("test_size", f.testSize()).put("ranked_users", f.rankedUsers());
            f.metrics().forEach(o::put);
            fs.add(o);
        }
        JsonObject mean = new JsonObject();
        mean().forEach(mean::put);
        return new JsonObject().put("strategy", strategy).put("config", cfg).put("folds", fs).put("mean", mean);
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("strategy ").append(strategy).append("  config ").append(config).append('\n');
        Set<String> metrics = new LinkedHashSet<>();
        for (String m : RecommenderEvaluator.METRICS) {
            for (FoldResult f : folds) {
                if (f.metrics().containsKey(m)) {
                    metrics.add(m);
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "%-16s", "metric"));
        for (FoldResult f : folds) {
            sb.append(String.format(Locale.ROOT, "%10s", "fold " + f.fold()));
        }
        sb.append(String.format(Locale.ROOT, "%10s%n", "mean"));
        Map<String, Double> mean = mean();
        for (String m : metrics) {
            sb.append(String.format(Locale.ROOT, "%-16s", m));
            for (FoldResult f : folds) {
                Double v = f.metrics().get(m);
                sb.append(String.format(Locale.ROOT, "%10s", v == null ? "-" : format(v)));
            }
            sb.append(String.format(Locale.ROOT, "%10s%n", format(mean.get(m))));
        }
        sb.append(String.format(Locale.ROOT, "%-16s", "train/test"));
        for (FoldResult f : folds) {
            sb.append(String.format(Locale.ROOT, "%10s", f.trainSize() + "/" + f.testSize()));
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
