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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Serving throughput of {@code GET /recommendations} (demo shop, bound item-knn with its fallback chain, half
 * customer and half product-page queries) against a trivial authenticated JSON endpoint ({@code GET /api/v1/me})
 * of the same node, measured in the same run with the same client: requests/s, the ratio, and p50/p99 latency.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.ServingBenchmark
 *     [--plugins DIR] [--seconds 20] [--concurrency 16] [--event-loops N] [--profile] [--timeline]</pre>
 */
public final class ServingBenchmark {

    private static final String ADMIN = "bench-admin-token-0123456789";

    public static void main(String[] args) throws Exception {
        Path plugins = Path.of("platform/target/merchantry/plugins");
        int seconds = 20;
        int concurrency = 16;
        boolean profile = false;
        boolean timeline = false;
        int eventLoops = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plugins" -> plugins = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--profile" -> profile = true;
                case "--timeline" -> timeline = true;
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
            // The demo replays its recent past in the background (an experiment, past forecasts and churn risks):
            // measuring while it runs would measure its CPU, not serving's.
            long waitUntil = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
            while (!node.demoReplayed() && System.nanoTime() < waitUntil) {
                Thread.sleep(500);
            }
            System.out.printf("demo shop ready: recommender %s, %d customers and %d products sampled%s%n", strategy,
                    customers.size(), products.size(), node.demoReplayed()
                            ? ", its recent past replayed" : " (its replay did not finish in 5 minutes)");
            Random random = new Random(7);
            IntFunction<String> recommend = i -> i % 2 == 0
                    ? "/api/v1/shops/demo/recommendations?limit=10&customer=" + customers.get(random.nextInt(customers.size()))
                    : "/api/v1/shops/demo/recommendations?limit=10&product=" + products.get(random.nextInt(products.size()));
            IntFunction<String> trivial = i -> "/api/v1/me";
            try (HttpLoad load = new HttpLoad("127.0.0.1", node.port(), auth, Math.max(64, concurrency))) {
                // Warm-up both (JIT, caches) until the rates settle, then measure one after the other.
                load.closedLoop("warm-up", trivial, concurrency, Math.max(5, seconds / 2));
                load.closedLoop("warm-up", recommend, concurrency, Math.max(5, seconds / 2));
                HttpLoad.Result baseline = load.closedLoop("GET /api/v1/me", trivial, concurrency, seconds);
                StackSampler sampler = profile ? new StackSampler(5) : null;
                HttpLoad.Result recs = load.closedLoop("GET /recommendations", recommend, concurrency, seconds);
                if (sampler != null) {
                    sampler.close();
                    System.out.println("profile of the recommendations run (" + sampler.workingSamples() + " working samples):");
                    sampler.components().forEach((k, v) -> System.out.printf("  component %-40s %d%n", k, v));
                    sampler.inclusive().forEach((k, v) -> System.out.printf("  inclusive %-60s %d%n", k, v));
                    sampler.topFrames().forEach((k, v) -> System.out.printf("  top frame %-60s %d%n", k, v));
                }
                // Half of saturation: half the rate the slower endpoint reached, offered to both on a fixed schedule
                // (after two seconds at that rate, discarded, in which the client opens its extra connections).
                double half = Math.floor(Math.min(baseline.perSecond(), recs.perSecond()) / 2);
                load.openLoop("warm-up", trivial, half, 2);
                load.openLoop("warm-up", recommend, half, 2);
                HttpLoad.Result baselineHalf = load.openLoop("GET /api/v1/me", trivial, half, seconds);
                HttpLoad.Result recsHalf = load.openLoop("GET /recommendations", recommend, half, seconds);

                System.out.println();
                System.out.printf("%d cores, %d HTTP event loops, %d s per phase%n",
                        Runtime.getRuntime().availableProcessors(), eventLoops, seconds);
                System.out.printf("%-22s %-34s %12s %9s %9s %9s%n", "endpoint", "load", "requests/s", "p50 ms",
                        "p99 ms", "p99.9 ms");
                for (HttpLoad.Result r : List.of(baseline, recs)) {
                    print(r, "saturation (" + concurrency + " in flight)");
                }
                for (HttpLoad.Result r : List.of(baselineHalf, recsHalf)) {
                    print(r, String.format("half saturation (%,.0f/s offered)", r.offeredPerSecond()));
                }
                System.out.printf("ratio recommendations / trivial endpoint at saturation: %.2f%n",
                        recs.perSecond() / baseline.perSecond());
                if (timeline) {
                    for (HttpLoad.Result r : List.of(baseline, recs, baselineHalf, recsHalf)) {
                        System.out.println(r.name() + ":" + r.timeline());
                    }
                }
                System.out.printf("ratio at half saturation: %.2f; recommendations p99 %.2f ms%n",
                        recsHalf.perSecond() / baselineHalf.perSecond(), recsHalf.millis(99));
            }
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

    private static void print(HttpLoad.Result r, String load) {
        System.out.printf("%-22s %-34s %12.0f %9.2f %9.2f %9.2f%n", r.name(), load, r.perSecond(), r.millis(50),
                r.millis(99), r.millis(99.9));
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // temp dir; best effort
        }
    }
}
