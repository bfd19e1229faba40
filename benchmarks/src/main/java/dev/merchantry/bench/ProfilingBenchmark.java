package dev.merchantry.bench;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.plugins.profiling.ClvProfiler;
import dev.merchantry.plugins.profiling.RfmProfiler;
import dev.merchantry.plugins.profiling.SegmentsProfiler;
import dev.merchantry.testkit.OfflineContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall time and peak heap of each profiling strategy's training on a simulated shop (default 1,000,000 customers,
 * see {@link SimulatedCustomers}), called in process as a node's training job would call it. Customers are generated
 * while the strategy reads them (a separate pass measures that generation alone), so the heap figures are the
 * strategy's own. Prints a table and writes JSON; see docs/benchmarks.md.
 *
 * <pre>java -Xmx6g -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.ProfilingBenchmark [--customers N]
 *      [--seed S] [--strategies rfm,segments,clv] [--out FILE]</pre>
 */
public final class ProfilingBenchmark {

    private static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int customers = 1_000_000;
        long seed = 42;
        List<String> strategies = List.of("rfm", "segments", "clv");
        Path out = Path.of("benchmarks/target/profiling-benchmark.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--strategies" -> strategies = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ProfilingBenchmark [--customers N] [--seed S] [--strategies rfm,segments,clv]"
                            + " [--out FILE]");
                    System.exit(2);
                }
            }
        }
        Map<String, Profiler> byId = new LinkedHashMap<>();
        for (Profiler p : List.of(new RfmProfiler(), new SegmentsProfiler(), new ClvProfiler())) {
            byId.put(p.descriptor().id(), p);
        }
        JsonObject report = new JsonObject().put("customers", customers).put("seed", seed)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20)
                .put("java", System.getProperty("java.version"));

        // Warm-up: JIT the whole path once on a small shop.
        for (String id : strategies) {
            fit(byId.get(id), SimulatedCustomers.of(50_000, seed + 1, AS_OF));
        }

        CustomerData data = SimulatedCustomers.of(customers, seed, AS_OF);
        long started = System.nanoTime();
        long orders = 0;
        long buyers = 0;
        for (CustomerHistory h : data.customers()) {
            orders += h.orders().size();
            buyers += h.orders().isEmpty() ? 0 : 1;
        }
        double generation = (System.nanoTime() - started) / 1e9;
        report.put("orders", orders).put("buyers", buyers).put("generation_seconds", generation);
        System.out.printf(Locale.ROOT, "%,d customers (%,d buyers, %,d orders) generated in %.1f s per pass; %d cores,"
                + " max heap %,d MB%n%n", customers, buyers, orders, generation,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-10s %10s %12s %14s %10s %s%n", "strategy", "wall s", "net of gen s",
                "peak heap MB", "model MB", "result");
        JsonArray rows = new JsonArray();
        for (String id : strategies) {
            Profiler profiler = byId.get(id);
            System.gc();
            Thread.sleep(200);
            long baseline = used();
            HeapSampler sampler = new HeapSampler();
            sampler.start();
            long t0 = System.nanoTime();
            ProfilerModel model = fit(profiler, data);
            double wall = (System.nanoTime() - t0) / 1e9;
            sampler.stop = true;
            sampler.join();
            long bytes = model.serialize().bytes().length;
            Map<String, Double> m = model.metrics();
            String result = String.format(Locale.ROOT, "r %.3f alpha %.2f a %.3f b %.3f | p %.2f q %.2f gamma %.2f%s",
                    m.get("bgnbd_r"), m.get("bgnbd_alpha"), m.get("bgnbd_a"), m.get("bgnbd_b"), m.get("gg_p"),
                    m.get("gg_q"), m.get("gg_gamma"), m.containsKey("segments_k")
                            ? String.format(Locale.ROOT, " | k %.0f", m.get("segments_k")) : "");
            System.out.printf(Locale.ROOT, "%-10s %10.1f %12.1f %14d %10.1f %s%n", id, wall, wall - generation,
                    sampler.peak.get() >> 20, bytes / 1048576.0, result);
            rows.add(new JsonObject().put("strategy", id).put("wall_seconds", wall)
                    .put("net_of_generation_seconds", wall - generation).put("peak_heap_mb", sampler.peak.get() >> 20)
                    .put("heap_before_mb", baseline >> 20).put("model_mb", bytes / 1048576.0)
                    .put("metrics", new JsonObject(new LinkedHashMap<>(m))));
            model = null;
        }
        report.put("rows", rows);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.encodePrettily());
        System.out.println("\nwritten to " + out);
    }

    private static ProfilerModel fit(Profiler p, CustomerData data) {
        return p.fit(data, p.descriptor().configSpec().defaults(), OfflineContext.at(AS_OF), ProgressListener.NONE);
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples heap use every 5 ms; the peak includes garbage not yet collected, so it is an upper bound. */
    private static final class HeapSampler extends Thread {
        final AtomicLong peak = new AtomicLong();
        volatile boolean stop;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
