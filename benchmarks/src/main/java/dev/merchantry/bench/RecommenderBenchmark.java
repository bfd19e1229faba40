package dev.merchantry.bench;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import dev.merchantry.platform.tools.evaluation.recommender.FoldResult;
import dev.merchantry.platform.tools.evaluation.recommender.Rating;
import dev.merchantry.platform.tools.evaluation.recommender.RatingsSet;
import dev.merchantry.platform.tools.evaluation.recommender.RecommenderEvaluator;
import dev.merchantry.platform.tools.evaluation.recommender.Split;
import dev.merchantry.platform.tools.evaluation.recommender.SyntheticRatings;
import dev.merchantry.testkit.OfflineContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accuracy, fit time and memory of recommender strategies on a full-size MovieLens-shaped generated ratings set
 * (671 users, 9,066 items, ~100k half-star ratings), one seeded 80/20 split, every strategy loaded from the plugins
 * directory exactly as {@code merchantry evaluate recommender} loads it. Prints figures; asserts nothing.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.RecommenderBenchmark \
 *     [--strategies a,b,...] [--set id:key=value]... [--plugins-dir DIR] [--seed N] [--repeats N] [--write-ratings FILE]
 * </pre>
 */
public final class RecommenderBenchmark {

    private static final List<String> DEFAULT_STRATEGIES = List.of("popular", "bias-baseline", "svd", "svd-pp",
            "item-knn", "user-knn", "als", "ease", "bought-together");

    public static void main(String[] args) throws Exception {
        List<String> strategies = DEFAULT_STRATEGIES;
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        Path plugins = Path.of("platform/target/merchantry/plugins");
        long seed = 42;
        int repeats = 5;
        Path write = null;
        SyntheticRatings.Shape shape = SyntheticRatings.Shape.MOVIELENS_SMALL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--strategies" -> strategies = Arrays.asList(args[++i].split(","));
                case "--set" -> {
                    String s = args[++i];
                    int colon = s.indexOf(':');
                    int eq = s.indexOf('=');
                    if (colon < 1 || eq < colon) {
                        throw new IllegalArgumentException("--set wants id:key=value, got " + s);
                    }
                    settings.computeIfAbsent(s.substring(0, colon), k -> new LinkedHashMap<>())
                            .put(s.substring(colon + 1, eq), s.substring(eq + 1));
                }
                case "--plugins-dir" -> plugins = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--write-ratings" -> write = Path.of(args[++i]);
                case "--shape" -> {
                    String[] v = args[++i].split("x");
                    shape = new SyntheticRatings.Shape(Integer.parseInt(v[0]), Integer.parseInt(v[1]),
                            Integer.parseInt(v[2]), 20);
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see the class Javadoc");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        RatingsSet set = SyntheticRatings.generate(shape, seed);
        System.out.printf(Locale.ROOT, "generated %,d ratings (%d users, %d items, seed %d) in %.1f s%n", set.size(),
                shape.users(), shape.items(), seed, (System.nanoTime() - t0) / 1e9);
        if (write != null) {
            writeCsv(set, write);
            System.out.println("wrote " + write);
        }
        Split split = Split.holdout(set.ratings(), 0.2, seed);
        System.out.printf(Locale.ROOT, "split 80/20: %,d train, %,d test%n%n", split.train().size(), split.test().size());
        System.out.printf(Locale.ROOT, "%-16s %8s %8s %8s %8s %8s %9s %9s %9s %10s%n", "strategy", "rmse", "mae",
                "p@10", "ndcg@10", "map@10", "coverage", "fit s", "fit cpu s", "predict s");
        for (String id : strategies) {
            Map<String, String> s = settings.getOrDefault(id, Map.of());
            try (OfflineStrategy<Recommender> loaded = OfflineStrategy.load(plugins, MerchantryNode.VERSION, id,
                    StrategyKind.RECOMMENDER, Recommender.class, s)) {
                RecommenderEvaluator evaluator = new RecommenderEvaluator(loaded.strategy(), loaded.config(),
                        now -> loaded.context(Clock.fixed(now, ZoneOffset.UTC)), loaded::call, true,
                        RecommenderEvaluator.DEFAULT_RELEVANCE_THRESHOLD);
                FoldResult r = evaluator.evaluate(split);
                Map<String, Double> m = r.metrics();
                System.out.printf(Locale.ROOT, "%-16s %8s %8s %8s %8s %8s %9s %9.3f %9.3f %10.3f%n",
                        id + (s.isEmpty() ? "" : "*"), f(m.get("rmse")), f(m.get("mae")), f(m.get("precision_at_10")),
                        f(m.get("ndcg_at_10")), f(m.get("map_at_10")), f(m.get("coverage")), m.get("fit_seconds"),
                        m.getOrDefault("fit_cpu_seconds", Double.NaN), m.get("predict_seconds"));
            }
        }
        System.out.println();
        fitTimes(plugins, split, settings, repeats);
        heap(plugins, split, "item-knn", settings.getOrDefault("item-knn", Map.of()));
        System.exit(0);
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * svd with 100 factors × 20 epochs (the LibRec comparison), then svd-pp at its defaults and at 100 factors: one
     * warm-up fit, then {@code repeats} fits, each with its wall time, the CPU time of the thread that called
     * {@code fit} and the CPU time of the whole process (svd trains a stratum's blocks on the common fork-join pool
     * as well, and the JIT and GC run on their own threads). On a shared machine the CPU figures are the steadier.
     * Then the same-run yardstick (see {@link #arithmeticFloor}).
     */
    private static void fitTimes(Path plugins, Split split, Map<String, Map<String, String>> settings, int repeats)
            throws Exception {
        Map<String, String> svd = new LinkedHashMap<>(Map.of("factors", "100", "epochs", "20"));
        svd.putAll(settings.getOrDefault("svd", Map.of()));
        fitTimes(plugins, split, "svd", svd, repeats);
        fitTimes(plugins, split, "svd-pp", settings.getOrDefault("svd-pp", Map.of()), repeats);
        fitTimes(plugins, split, "svd-pp", Map.of("factors", "100", "epochs", "20"), repeats);
        double floor = arithmeticFloor(split.train().size(), 100, 20);
        System.out.printf(Locale.ROOT, "same-run yardstick: a naive in-place loop of the same arithmetic (20 epochs of "
                + "one 100-term double dot product and two 100-term axpy per rating, no shuffling or biases): "
                + "%.3f s%n", floor);
    }

    private static void fitTimes(Path plugins, Split split, String id, Map<String, String> settings, int repeats)
            throws Exception {
        var data = dataOf(split);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (OfflineStrategy<Recommender> s = OfflineStrategy.load(plugins, MerchantryNode.VERSION, id,
                StrategyKind.RECOMMENDER, Recommender.class, settings)) {
            double[][] runs = new double[repeats + 1][];
            for (int k = 0; k <= repeats; k++) {
                long cpu = os.getProcessCpuTime();
                long thread = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                s.call(() -> s.strategy().fit(data, s.config(), OfflineContext.create(), ProgressListener.NONE));
                runs[k] = new double[] {(System.nanoTime() - t) / 1e9,
                        (threads.getCurrentThreadCpuTime() - thread) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9};
            }
            double[][] warm = Arrays.copyOfRange(runs, 1, runs.length);
            System.out.printf(Locale.ROOT, "%s fit, %,d ratings, %s, %d fits after 1 warm-up: wall min %.3f s, median "
                            + "%.3f s; fitting-thread CPU median %.3f s; process CPU median %.3f s "
                            + "(warm-up fit: wall %.3f s, thread CPU %.3f s, process CPU %.3f s)%n", id,
                    split.train().size(), s.config().asMap(), repeats, min(warm, 0), median(warm, 0),
                    median(warm, 1), median(warm, 2), runs[0][0], runs[0][1], runs[0][2]);
        }
    }

    private static double min(double[][] runs, int column) {
        return Arrays.stream(runs).mapToDouble(r -> r[column]).min().orElse(Double.NaN);
    }

    private static double median(double[][] runs, int column) {
        double[] v = Arrays.stream(runs).mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    /**
     * The multiply-adds of SGD for MF with nothing else, written the obvious way (in place, doubles, one
     * accumulator): a yardstick for how fast this machine is during the run, so figures from a loaded machine can be
     * compared. Not a lower bound: the svd strategy's vectorised kernels beat it.
     */
    private static double arithmeticFloor(int ratings, int factors, int epochs) {
        double[] p = new double[671 * factors];
        double[] q = new double[9066 * factors];
        java.util.Random random = new java.util.Random(1);
        int[] u = new int[ratings];
        int[] i = new int[ratings];
        for (int k = 0; k < ratings; k++) {
            u[k] = random.nextInt(671);
            i[k] = random.nextInt(9066);
        }
        Arrays.fill(p, 0.01);
        Arrays.fill(q, 0.01);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 4; rep++) {
            long t = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                for (int k = 0; k < ratings; k++) {
                    int pu = u[k] * factors;
                    int qi = i[k] * factors;
                    double dot = 0;
                    for (int c = 0; c < factors; c++) {
                        dot += p[pu + c] * q[qi + c];
                    }
                    double g = 1e-6 * (3 - dot);
                    for (int c = 0; c < factors; c++) {
                        double a = p[pu + c];
                        p[pu + c] = a + g * q[qi + c];
                        q[qi + c] += g * a;
                    }
                }
            }
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        if (p[0] == 42) {
            System.out.print("");
        }
        return best;
    }

    /** Peak heap while fitting (sampled every 5 ms) and the heap the trained model retains, both after a full GC. */
    private static void heap(Path plugins, Split split, String id, Map<String, String> settings) throws Exception {
        var data = dataOf(split);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        try (OfflineStrategy<Recommender> s = OfflineStrategy.load(plugins, MerchantryNode.VERSION, id,
                StrategyKind.RECOMMENDER, Recommender.class, settings)) {
            System.gc();
            long before = mem.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            RecommenderModel model = s.call(() -> s.strategy().fit(data, s.config(), OfflineContext.create(),
                    ProgressListener.NONE));
            sampler.interrupt();
            sampler.join();
            System.gc();
            long after = mem.getHeapMemoryUsage().getUsed();
            System.out.printf(Locale.ROOT, "%s heap: %.0f MB before fit (data loaded), peak %.0f MB during fit, model "
                            + "retains %.0f MB, serialized %.1f MB (max heap %.0f MB)%n", id, before / 1e6,
                    peak.get() / 1e6, (after - before) / 1e6, model.serialize().bytes().length / 1e6,
                    mem.getHeapMemoryUsage().getMax() / 1e6);
        }
    }

    private static dev.merchantry.api.recommend.RecommenderData dataOf(Split split) {
        dev.merchantry.api.recommend.Interactions.Builder b = dev.merchantry.api.recommend.Interactions.builder(true);
        for (Rating r : split.train()) {
            b.add(r.user(), r.item(), r.value(), r.timestampMillis());
        }
        return dev.merchantry.api.recommend.RecommenderData.of(b.build());
    }

    private static void writeCsv(RatingsSet set, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("userId,movieId,rating,timestamp\n");
            for (Rating r : set.ratings()) {
                w.write(r.user() + "," + r.item() + "," + r.value() + "," + r.timestampMillis() / 1000 + "\n");
            }
        }
    }
}
