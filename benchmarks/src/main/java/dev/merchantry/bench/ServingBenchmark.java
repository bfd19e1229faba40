package dev.merchantry.bench;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.demo.DemoScale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Serving throughput of {@code GET /recommendations} (demo shop, bound item-knn with its fallback chain, half
 * customer and half product-page queries) against a trivial authenticated JSON endpoint ({@code GET /api/v1/me})
 * of the same node, measured in the same run with the same client: requests/s, the ratio, and p50/p99 latency.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.ServingBenchmark
 *     [--plugins DIR] [--seconds 20] [--concurrency 16] [--event-loops N] [--profile]</pre>
 */
public final class ServingBenchmark {

    private static final String ADMIN = "bench-admin-token-0123456789";

    record Result(String name, long requests, double seconds, long[] latencyNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double millis(double percentile) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Path plugins = Path.of("platform/target/merchantry/plugins");
        int seconds = 20;
        int concurrency = 16;
        boolean profile = false;
        int eventLoops = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plugins" -> plugins = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--profile" -> profile = true;
                case "--event-loops" -> eventLoops = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; usage: ServingBenchmark [--plugins DIR] [--seconds N] [--concurrency C]");
                    System.exit(2);
                }
            }
        }
        Path data = Files.createTempDirectory("merchantry-serving-bench");
        NodeOptions options = NodeOptions.builder().host("127.0.0.1").port(0).dataDir(data).pluginsDir(plugins)
                .demo(DemoScale.DEFAULT).adminToken(ADMIN).http(HttpSettings.defaults().withEventLoops(eventLoops))
                .build();
        try (MerchantryNode node = MerchantryNode.start(options)) {
            String base = "http://127.0.0.1:" + node.port();
            String auth = "Bearer " + node.demoApiKey();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.println("waiting for the demo recommender to train ...");
            String strategy = waitForModel(client, base, auth);
            List<String> customers = new ArrayList<>();
            List<String> products = new ArrayList<>();
            sampleIds(client, base, auth, customers, products);
            System.out.printf("demo shop ready: recommender %s, %d customers and %d products sampled%n", strategy,
                    customers.size(), products.size());
            Random random = new Random(7);
            IntFunction<String> recommend = i -> i % 2 == 0
                    ? base + "/api/v1/shops/demo/recommendations?limit=10&customer=" + customers.get(random.nextInt(customers.size()))
                    : base + "/api/v1/shops/demo/recommendations?limit=10&product=" + products.get(random.nextInt(products.size()));
            IntFunction<String> trivial = i -> base + "/api/v1/me";
            // Warm-up both (JIT, caches), then measure alternately.
            load(client, auth, "warm-up", trivial, concurrency, Math.max(3, seconds / 4));
            load(client, auth, "warm-up", recommend, concurrency, Math.max(3, seconds / 4));
            Result baseline = load(client, auth, "GET /api/v1/me", trivial, concurrency, seconds);
            StackSampler sampler = profile ? new StackSampler(5) : null;
            Result recs = load(client, auth, "GET /recommendations", recommend, concurrency, seconds);
            if (sampler != null) {
                sampler.close();
                System.out.println("profile of the recommendations run (" + sampler.workingSamples() + " working samples):");
                sampler.components().forEach((k, v) -> System.out.printf("  component %-40s %d%n", k, v));
                sampler.inclusive().forEach((k, v) -> System.out.printf("  inclusive %-60s %d%n", k, v));
                sampler.topFrames().forEach((k, v) -> System.out.printf("  top frame %-60s %d%n", k, v));
            }
            System.out.println();
            System.out.printf("%-24s %12s %10s %10s%n", "endpoint", "requests/s", "p50 ms", "p99 ms");
            for (Result r : List.of(baseline, recs)) {
                System.out.printf("%-24s %12.0f %10.2f %10.2f%n", r.name(), r.perSecond(), r.millis(50), r.millis(99));
            }
            System.out.printf("ratio recommendations / trivial endpoint: %.2f (concurrency %d, %d s each, %d cores,"
                    + " %d HTTP event loops)%n", recs.perSecond() / baseline.perSecond(), concurrency, seconds,
                    Runtime.getRuntime().availableProcessors(), eventLoops);
        } finally {
            deleteRecursively(data);
        }
    }

    private static String waitForModel(HttpClient client, String base, String auth) throws Exception {
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = get(client, base + "/api/v1/shops/demo/recommendations?product=none&limit=1", auth);
            if (r.statusCode() == 200) {
                JsonObject binding = new JsonObject(get(client, base + "/api/v1/shops/demo/strategies/recommender", auth).body());
                // 200 once any strategy of the chain has a model; wait for the bound one.
                String bound = binding.getString("strategy");
                HttpResponse<String> jobs = get(client, base + "/api/v1/shops/demo/jobs?limit=50", auth);
                for (Object o : new JsonObject(jobs.body()).getJsonArray("jobs", new JsonArray())) {
                    JsonObject job = (JsonObject) o;
                    if (bound.equals(job.getString("strategy")) && "succeeded".equals(job.getString("state"))) {
                        return bound;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the demo recommender did not train within 10 minutes");
    }

    private static void sampleIds(HttpClient client, String base, String auth, List<String> customers,
                                  List<String> products) throws Exception {
        Set<String> c = new LinkedHashSet<>();
        Set<String> p = new LinkedHashSet<>();
        JsonObject events = new JsonObject(get(client, base + "/api/v1/shops/demo/events?limit=200", auth).body());
        for (Object o : events.getJsonArray("events")) {
            JsonObject e = (JsonObject) o;
            if (e.getString("customer_id") != null) {
                c.add(e.getString("customer_id"));
            }
        }
        JsonObject catalog = new JsonObject(get(client, base + "/api/v1/shops/demo/products?limit=200", auth).body());
        for (Object o : catalog.getJsonArray("products")) {
            p.add(((JsonObject) o).getString("product_id"));
        }
        customers.addAll(c);
        customers.add("someone-new"); // the fallback path is part of real traffic
        products.addAll(p);
    }

    private static HttpResponse<String> get(HttpClient client, String url, String auth) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Result load(HttpClient client, String auth, String name, IntFunction<String> urls, int concurrency,
                               int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[concurrency];
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            long[] own = new long[1 << 20];
            latencies.add(own);
            int index = t;
            Thread thread = new Thread(() -> {
                int i = index;
                while (System.nanoTime() < end && failure.get() == null) {
                    String url;
                    synchronized (urls) {
                        url = urls.apply(i);
                    }
                    try {
                        long start = System.nanoTime();
                        HttpResponse<String> r = get(client, url, auth);
                        long took = System.nanoTime() - start;
                        if (r.statusCode() != 200) {
                            failure.compareAndSet(null, url + " -> " + r.statusCode() + " " + r.body());
                            return;
                        }
                        if (counts[index] < own.length) {
                            own[(int) counts[index]] = took;
                        }
                        counts[index]++;
                    } catch (Exception e) {
                        failure.compareAndSet(null, url + " -> " + e);
                        return;
                    }
                    i += concurrency;
                }
            }, "bench-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(name + ": " + failure.get());
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
        int k = 0;
        for (int t = 0; t < concurrency; t++) {
            int n = (int) Math.min(counts[t], latencies.get(t).length);
            System.arraycopy(latencies.get(t), 0, all, k, n);
            k += n;
        }
        return new Result(name, total, wall, Arrays.copyOf(all, k));
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // temp dir; best effort
        }
    }
}
