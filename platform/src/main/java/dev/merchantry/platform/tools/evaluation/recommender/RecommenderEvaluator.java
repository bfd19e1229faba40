package dev.merchantry.platform.tools.evaluation.recommender;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Fits a strategy on a split's training rows and measures its model on the test rows.
 *
 * <ul>
 *   <li>{@code rmse}, {@code mae}: over test rows, of {@code predictRating}; only for explicit ratings and only when
 *       the model predicts ratings (with {@code rating_coverage} when it predicts only some rows).</li>
 *   <li>Ranking at N = 10, averaged over test users with at least one relevant test item: relevant = test items
 *       rated ≥ the relevance threshold (default 4) for explicit ratings, every test item otherwise. Each user asks
 *       {@code recommend(customer, limit 10)} with the user's training items disallowed. {@code precision_at_10} =
 *       hits / 10; {@code recall_at_10} = hits / |relevant|; {@code ndcg_at_10} = Σ_hits 1/log2(rank+1) over the
 *       ideal DCG of min(|relevant|, 10) hits; {@code map_at_10} = Σ_hits precision@rank / min(|relevant|, 10).</li>
 *   <li>{@code coverage}: distinct items recommended to the ranked users / distinct items in the training set.</li>
 *   <li>{@code fit_seconds}: wall time of {@code fit}; {@code fit_cpu_seconds}: CPU time the whole process used
 *       during {@code fit} (every thread the strategy trains on, plus JIT compilation and GC; on a busy machine the
 *       steadier of the two); {@code predict_seconds}: wall time of all predictions and queries.</li>
 * </ul>
 */
public final class RecommenderEvaluator {

    public static final int TOP_N = 10;
    public static final double DEFAULT_RELEVANCE_THRESHOLD = 4.0;
    /** Every metric this evaluator can report, in report order. */
    public static final List<String> METRICS = List.of("rmse", "mae", "rating_coverage", "precision_at_10",
            "recall_at_10", "ndcg_at_10", "map_at_10", "coverage", "fit_seconds", "fit_cpu_seconds", "predict_seconds");

    /** Runs plugin code (e.g. with the plugin's context class loader, as {@code OfflineStrategy.call} does). */
    public interface Invoker {
        <T> T call(Callable<T> work) throws Exception;
    }

    private final Recommender strategy;
    private final Config config;
    private final Function<Instant, StrategyContext> context;
    private final Invoker invoker;
    private final boolean explicit;
    private final double relevanceThreshold;

    /**
     * @param context the strategy context for a given "now" (the latest training timestamp)
     * @param explicit whether the rows are ratings (from the file's rating column)
     */
    public RecommenderEvaluator(Recommender strategy, Config config, Function<Instant, StrategyContext> context,
                                Invoker invoker, boolean explicit, double relevanceThreshold) {
        this.strategy = strategy;
        this.config = config;
        this.context = context;
        this.invoker = invoker;
        this.explicit = explicit;
        this.relevanceThreshold = relevanceThreshold;
    }

    public FoldResult evaluate(Split split) {
        RecommenderData data = trainingData(split.train(), explicit);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        RecommenderModel model = call(() -> strategy.fit(data, config, context.apply(data.asOf()), ProgressListener.NONE),
                "fit");
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        long cpu1 = processCpuNanos();

        Map<String, Double> metrics = new LinkedHashMap<>();
        long t1 = System.nanoTime();
        if (explicit) {
            ratingMetrics(model, split.test(), metrics);
        }
        Map<String, Set<String>> trainItems = new HashMap<>();
        for (Rating r : split.train()) {
            trainItems.computeIfAbsent(r.user(), u -> new HashSet<>()).add(r.item());
        }
        Map<String, Set<String>> relevant = new LinkedHashMap<>();
        for (Rating r : split.test()) {
            if (!explicit || r.value() >= relevanceThreshold) {
                relevant.computeIfAbsent(r.user(), u -> new HashSet<>()).add(r.item());
            }
        }
        double precision = 0;
        double recall = 0;
        double ndcg = 0;
        double map = 0;
        Set<String> recommended = new HashSet<>();
        for (Map.Entry<String, Set<String>> e : relevant.entrySet()) {
            Set<String> seen = trainItems.getOrDefault(e.getKey(), Set.of());
            Set<String> rel = e.getValue();
            List<ScoredItem> items = call(() -> model.recommend(
                    new RecommendationQuery(e.getKey(), List.of(), TOP_N, item -> !seen.contains(item))), "recommend");
            int hits = 0;
            double dcg = 0;
            double ap = 0;
            for (int rank = 0; rank < Math.min(TOP_N, items.size()); rank++) {
                String item = items.get(rank).itemId();
                recommended.add(item);
                if (rel.contains(item)) {
                    hits++;
                    dcg += 1 / log2(rank + 2);
                    ap += hits / (rank + 1.0);
                }
            }
            int ideal = Math.min(rel.size(), TOP_N);
            double idcg = 0;
            for (int rank = 0; rank < ideal; rank++) {
                idcg += 1 / log2(rank + 2);
            }
            precision += hits / (double) TOP_N;
            recall += hits / (double) rel.size();
            ndcg += dcg / idcg;
            map += ap / ideal;
        }
        double predictSeconds = (System.nanoTime() - t1) / 1e9;
        int users = relevant.size();
        if (users > 0) {
            metrics.put("precision_at_10", precision / users);
            metrics.put("recall_at_10", recall / users);
            metrics.put("ndcg_at_10", ndcg / users);
            metrics.put("map_at_10", map / users);
        }
        int trainItemCount = data.interactions().itemCount();
        metrics.put("coverage", trainItemCount == 0 ? 0 : recommended.size() / (double) trainItemCount);
        metrics.put("fit_seconds", fitSeconds);
        if (cpu0 >= 0 && cpu1 >= 0) {
            metrics.put("fit_cpu_seconds", (cpu1 - cpu0) / 1e9);
        }
        metrics.put("predict_seconds", predictSeconds);
        return new FoldResult(split.fold(), split.train().size(), split.test().size(), users, metrics);
    }

    /** CPU time of this process so far, all threads; −1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private void ratingMetrics(RecommenderModel model, List<Rating> test, Map<String, Double> metrics) {
        double se = 0;
        double ae = 0;
        int predicted = 0;
        for (Rating r : test) {
            OptionalDouble p = call(() -> model.predictRating(r.user(), r.item(), r.timestampMillis()), "predictRating");
            if (p.isPresent()) {
                double e = r.value() - p.getAsDouble();
                se += e * e;
                ae += Math.abs(e);
                predicted++;
            }
        }
        if (predicted > 0) {
            metrics.put("rmse", Math.sqrt(se / predicted));
            metrics.put("mae", ae / predicted);
            if (predicted < test.size()) {
                metrics.put("rating_coverage", predicted / (double) test.size());
            }
        }
    }

    /**
     * The rows as a strategy sees them: one row per user–item pair (explicit: the latest rating; implicit: summed),
     * "now" = the latest training timestamp.
     */
    static RecommenderData trainingData(List<Rating> rows, boolean explicit) {
        Map<String, Rating> pairs = new LinkedHashMap<>();
        long latest = 0;
        for (Rating r : rows) {
            latest = Math.max(latest, r.timestampMillis());
            pairs.merge(r.user() + '\u0000' + r.item(), r, (a, b) -> explicit
                    ? (b.timestampMillis() >= a.timestampMillis() ? b : a)
                    : new Rating(a.user(), a.item(), a.value() + b.value(), Math.max(a.timestampMillis(), b.timestampMillis())));
        }
        Interactions.Builder b = Interactions.builder(explicit);
        for (Rating r : pairs.values()) {
            b.add(r.user(), r.item(), r.value(), r.timestampMillis());
        }
        return new RecommenderData(b.build(), List.of(), Map.of(), Instant.ofEpochMilli(latest));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private <T> T call(Callable<T> work, String what) {
        try {
            return invoker.call(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("strategy failed in " + what + ": " + e.getMessage(), e);
        }
    }

    /** The mean of each metric over folds (metrics missing in some fold are averaged over the folds that have them). */
    public static Map<String, Double> mean(List<FoldResult> folds) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String metric : METRICS) {
            double s = 0;
            int n = 0;
            for (FoldResult f : folds) {
                Double v = f.metrics().get(metric);
                if (v != null) {
                    s += v;
                    n++;
                }
            }
            if (n > 0) {
                out.put(metric, s / n);
            }
        }
        return out;
    }
}
