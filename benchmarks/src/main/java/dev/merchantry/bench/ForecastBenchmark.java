package dev.merchantry.bench;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyMetrics;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.plugins.forecasting.arima.ArimaForecaster;
import dev.merchantry.plugins.forecasting.arima.AutoArimaForecaster;
import dev.merchantry.plugins.forecasting.auto.AutoForecaster;
import dev.merchantry.plugins.forecasting.ets.EtsForecaster;
import dev.merchantry.plugins.forecasting.simple.DriftForecaster;
import dev.merchantry.plugins.forecasting.simple.NaiveForecaster;
import dev.merchantry.plugins.forecasting.theta.ThetaForecaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forecasting benchmark (prints figures, asserts nothing):
 * <ol>
 *   <li><b>Per strategy and series length</b>: CPU time per fit + 28-step forecast of each strategy on synthetic
 *       daily demand series of 90, 365 and 730 days and monthly series of 48 and 120 months (median over the
 *       series, after a warm-up pass).</li>
 *   <li><b>Whole shop</b>: a shop's worth of daily series (default 10,000 products × 730 days, Zipf-distributed
 *       volumes so that most products are slow movers, weekly and yearly seasonality, stock-out gaps) fitted with one
 *       strategy (default {@code auto}) on a fixed thread pool (default 2), each model serialized as the platform
 *       would store it: wall time, throughput, peak heap (sampled every 20 ms) and model bytes.</li>
 * </ol>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.ForecastBenchmark [--products N]
 * [--days N] [--threads N] [--strategy ID] [--skip-lengths] [--skip-shop] [--per-length N] [--only ID,ID] [--seed N]}.
 */
public final class ForecastBenchmark {

    private static final int HORIZON = 28;

    private ForecastBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("products", "10000", "days", "730", "threads", "2",
                "strategy", "auto", "per-length", "20", "seed", "42", "only", ""));
        boolean lengths = true;
        boolean shop = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--skip-lengths" -> lengths = false;
                case "--skip-shop" -> shop = false;
                case "-h", "--help" -> {
                    System.out.println("options: --products N --days N --threads N --strategy ID --per-length N --seed N --only IDS "
                            + "--skip-lengths --skip-shop");
                    return;
                }
                default -> {
                    if (!args[i].startsWith("--") || i + 1 >= args.length || !o.containsKey(args[i].substring(2))) {
                        System.err.println("unknown option " + args[i] + " (try --help)");
                        System.exit(2);
                    }
                    o.put(args[i].substring(2), args[++i]);
                }
            }
        }
        long seed = Long.parseLong(o.get("seed"));
        System.out.printf(Locale.ROOT, "== Merchantry forecasting benchmark: %d cores, max heap %d MB, %s %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        if (lengths) {
            perStrategy(Integer.parseInt(o.get("per-length")), seed, o.get("only"));
        }
        if (shop) {
            wholeShop(o.get("strategy"), Integer.parseInt(o.get("products")), Integer.parseInt(o.get("days")),
                    Integer.parseInt(o.get("threads")), seed);
        }
    }

    static Map<String, Forecaster> strategies() {
        Map<String, Forecaster> s = new LinkedHashMap<>();
        for (Forecaster f : List.of(new NaiveForecaster(), new DriftForecaster(), new ThetaForecaster(),
                new EtsForecaster(), new ArimaForecaster(), new AutoArimaForecaster(), new AutoForecaster())) {
            s.put(f.descriptor().id(), f);
        }
        return s;
    }

    private static void perStrategy(int perLength, long seed, String only) {
        record Shape(String name, Frequency frequency, int length) {
        }
        List<Shape> shapes = List.of(new Shape("daily 90", Frequency.DAILY, 90), new Shape("daily 365", Frequency.DAILY, 365),
                new Shape("daily 730", Frequency.DAILY, 730), new Shape("monthly 48", Frequency.MONTHLY, 48),
                new Shape("monthly 120", Frequency.MONTHLY, 120));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%n-- fit + %d-step forecast, CPU ms per series (median of %d fast-moving series; p90)%n",
                HORIZON, perLength);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s", "strategy"));
        for (Shape s : shapes) {
            header.append(String.format(Locale.ROOT, " %18s", s.name()));
        }
        System.out.println(header);
        for (Map.Entry<String, Forecaster> e : strategies().entrySet()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(e.getKey())) {
                continue;
            }
            Forecaster f = e.getValue();
            Config config = f.descriptor().configSpec().defaults();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s", e.getKey()));
            for (Shape shape : shapes) {
                List<TimeSeries> series = new ArrayList<>();
                for (int i = 0; i < perLength; i++) {
                    series.add(shape.frequency() == Frequency.DAILY
                            ? DemandGenerator.daily("p" + i, shape.length(), 5 + i % 20, seed + i)
                            : DemandGenerator.monthly("p" + i, shape.length(), 100 + 10 * i, seed + i));
                }
                for (TimeSeries s : series.subList(0, Math.min(3, series.size()))) {
                    f.fit(s, config, context()).forecast(HORIZON, 80, 95); // warm-up
                }
                double[] ms = new double[series.size()];
                for (int i = 0; i < series.size(); i++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    f.fit(series.get(i), config, context()).forecast(HORIZON, 80, 95);
                    ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                row.append(String.format(Locale.ROOT, " %9.1f (%6.1f)", ms[ms.length / 2], ms[(int) (ms.length * 0.9)]));
            }
            System.out.println(row);
        }
    }

    private static void wholeShop(String strategyId, int products, int days, int threadCount, long seed) throws Exception {
        Forecaster f = strategies().get(strategyId);
        if (f == null) {
            System.err.println("unknown strategy " + strategyId + "; one of " + strategies().keySet());
            System.exit(2);
        }
        Config config = f.descriptor().configSpec().defaults();
        System.out.printf(Locale.ROOT, "%n-- whole shop: %,d products x %d days, strategy %s, %d threads%n", products, days,
                strategyId, threadCount);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(threadCount);
        AtomicLong bytes = new AtomicLong();
        AtomicLong done = new AtomicLong();
        Map<String, Integer> models = new java.util.concurrent.ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < products; i++) {
            int product = i;
            futures.add(pool.submit(() -> {
                // Generated inside the task, as a training job reads each product's history when it fits it.
                TimeSeries s = DemandGenerator.shopProduct("p" + product, product, days, seed);
                ForecastModel model = f.fit(s, config, context());
                Forecast fc = model.forecast(HORIZON, 80, 95);
                if (!Double.isFinite(fc.mean()[0])) {
                    throw new IllegalStateException("non-finite forecast for product " + product);
                }
                bytes.addAndGet(model.serialize().bytes().length);
                String kind = model.description().replaceAll("\\(.*", "").replaceAll("\\[.*", "").trim();
                models.merge(kind.length() > 40 ? kind.substring(0, 40) : kind, 1, Integer::sum);
                long n = done.incrementAndGet();
                if (n % Math.max(1, products / 10) == 0) {
                    System.out.printf(Locale.ROOT, "   %,d / %,d fitted, %.0f s%n", n, products, (System.nanoTime() - start) / 1e9);
                }
            }));
        }
        for (Future<?> fu : futures) {
            fu.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "wall %.1f s, %.1f series/s, peak heap %d MB (baseline %d MB), models %.1f MB serialized (%.0f bytes each)%n",
                wall, products / wall, peak.get() >> 20, baseline >> 20, bytes.get() / 1e6, (double) bytes.get() / products);
        System.out.println("models chosen: " + models);
    }

    static StrategyContext context() {
        Logger logger = LoggerFactory.getLogger("bench");
        Clock clock = Clock.systemUTC();
        return new StrategyContext() {
            @Override
            public String shopId() {
                return "bench";
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public Logger logger() {
                return logger;
            }

            @Override
            public StrategyMetrics metrics() {
                return StrategyMetrics.NOOP;
            }

            @Override
            public StrategyClient strategies() {
                return StrategyClient.NONE;
            }
        };
    }

    /** Seeded synthetic demand. */
    static final class DemandGenerator {
        private DemandGenerator() {
        }

        /** Daily Poisson demand around {@code level} with a weekly and a yearly cycle, a trend and 2% stock-out days. */
        static TimeSeries daily(String id, int days, double level, long seed) {
            Random r = new Random(seed);
            double[] v = new double[days];
            double weekly = 0.15 + 0.25 * r.nextDouble();
            double yearly = 0.1 + 0.3 * r.nextDouble();
            double trend = (r.nextDouble() - 0.4) * 0.5 / 365;
            double phase = r.nextDouble() * 2 * Math.PI;
            for (int t = 0; t < days; t++) {
                double rate = level * (1 + trend * t) * (1 + weekly * Math.cos(2 * Math.PI * t / 7))
                        * (1 + yearly * Math.sin(2 * Math.PI * t / 365.25 + phase));
                v[t] = r.nextDouble() < 0.02 ? Double.NaN : poisson(r, Math.max(0.01, rate));
            }
            return TimeSeries.of(id, Frequency.DAILY, LocalDate.of(2024, 1, 1), v);
        }

        static TimeSeries monthly(String id, int months, double level, long seed) {
            Random r = new Random(seed);
            double[] v = new double[months];
            double amp = 0.1 + 0.3 * r.nextDouble();
            for (int t = 0; t < months; t++) {
                v[t] = Math.max(0, level * (1 + 0.01 * t) * (1 + amp * Math.sin(2 * Math.PI * t / 12)) * (1 + 0.08 * r.nextGaussian()));
            }
            return TimeSeries.of(id, Frequency.MONTHLY, LocalDate.of(2015, 1, 1), v);
        }

        /** Product i of a shop: Zipf-like volume 30·(i+1)^−0.4 units a day: about a fifth of 10,000 products sell most days, the rest are slow (intermittent) movers. */
        static TimeSeries shopProduct(String id, int i, int days, long seed) {
            return daily(id, days, 30 * Math.pow(i + 1, -0.4), seed * 1_000_003L + i);
        }

        private static int poisson(Random r, double lambda) {
            if (lambda > 30) {
                return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
            }
            double l = Math.exp(-lambda);
            int k = 0;
            double p = 1;
            do {
                k++;
                p *= r.nextDouble();
            } while (p > l);
            return k - 1;
        }
    }
}
