package dev.merchantry.platform.cli;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The plugin kit as a third party uses it, end to end: install the kit's artifacts ({@code mvn install} of
 * merchantry-plugin-api, -testkit and -parent), {@code merchantry plugin new}, {@code mvn package} of the new project
 * with the same Maven and local repository (its tests are the testkit's contracts), evaluate the zip offline with
 * {@code merchantry evaluate … --plugin}, {@code merchantry plugins install} on a node, bind the strategy to a shop,
 * train, and check that the shop's answers come from the new strategy; then upgrade and remove.
 */
class PluginKitIT {

    private static final String ADMIN = "test-admin-token-plugin-kit-0123";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long BUILD_MINUTES = 10;

    private record Run(int code, String out, String err) {
    }

    private static Run merchantry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs Maven in {@code dir} as a plugin author would, with this build's Maven, local repository and offline mode. */
    static void mvn(Path dir, String... args) throws IOException, InterruptedException {
        String home = System.getProperty("merchantry.it.maven.home");
        List<String> command = new ArrayList<>();
        command.add(home == null || home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString());
        command.add("-B");
        command.add("-q");
        String repo = System.getProperty("merchantry.it.maven.repo");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        if ("offline=true".equals(System.getProperty("merchantry.it.maven.offline"))) {
            command.add("-o");
        }
        command.addAll(List.of(args));
        Path log = Files.createTempFile("merchantry-plugin-kit-mvn", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " in " + dir + " took more than " + BUILD_MINUTES + " minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " in " + dir + " failed:\n" + output);
    }

    @BeforeAll
    static void installTheKit() throws Exception {
        // What the guide's first step tells a plugin author to run in the Merchantry sources.
        mvn(ROOT, "install", "-DskipTests", "-pl", "plugin-api,plugin-testkit,plugin-parent", "-am");
    }

    private static Path zipIn(Path project) throws IOException {
        try (Stream<Path> files = Files.list(project.resolve("target"))) {
            List<Path> zips = files.filter(f -> f.toString().endsWith("-plugin.zip")).toList();
            assertEquals(1, zips.size(), "one plugin zip in target/: " + zips);
            return zips.get(0);
        }
    }

    private static Path scaffoldAndBuild(Path dir, String kind, String id, String javaPackage) throws Exception {
        Path project = dir.resolve(id);
        Run created = merchantry("plugin", "new", "--kind", kind, "--id", id, "--package", javaPackage,
                "--dir", project.toString());
        assertEquals(0, created.code(), created.err());
        mvn(project, "package");
        String prefix = new PluginScaffold(PluginScaffold.Kind.valueOf(kind), id, javaPackage).classPrefix();
        String reports = Files.readString(project.resolve("target/surefire-reports/" + javaPackage + "." + prefix
                + "ContractTest.txt"));
        // Skipped: only the golden-model check, which waits for a recorded model (GoldenModels).
        assertTrue(reports.contains("Failures: 0, Errors: 0, Skipped: 1,"), reports);
        return zipIn(project);
    }

    private static JsonObject event(String id, String type, Instant at, String customer, JsonObject properties) {
        return new JsonObject().put("event_id", id).put("type", type).put("timestamp", at.toString())
                .put("customer_id", customer).put("properties", properties);
    }

    private static void train(EmbeddedNode node, String kind) {
        ApiClient.Response r = node.api().post("/api/v1/shops/acme/strategies/" + kind + "/train", ADMIN, null);
        assertEquals(202, r.status(), r.body());
        node.awaitJobSucceeded(r.json().getString("job_id"));
    }

    @Test
    void aScaffoldedRecommenderBuildsPassesTheContractsAndServesAShop(@TempDir Path tmp) throws Exception {
        Path zip = scaffoldAndBuild(tmp, "recommender", "acme-recs", "com.acme.recs");

        // Offline evaluation of the zip, as the guide shows, before any node sees it.
        StringBuilder ratings = new StringBuilder("user,item,rating\n");
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 4; k++) {
                ratings.append("u").append(u).append(",p").append((u % 5) * 3 + k % 3 + (k == 3 ? 20 : 0))
                        .append(",").append(3 + (u + k) % 3).append('\n');
            }
        }
        Path ratingsFile = Files.writeString(tmp.resolve("ratings.csv"), ratings);
        Run evaluated = merchantry("evaluate", "recommender", "--strategy", "acme-recs", "--plugin", zip.toString(),
                "--ratings", ratingsFile.toString(), "--folds", "2", "--format", "json");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().contains("\"ndcg_at_10\""), "ranking metrics of the evaluated zip: " + evaluated.out());

        try (EmbeddedNode node = EmbeddedNode.builder().adminToken(ADMIN).start()) {
            ApiClient api = node.api();
            node.createShop("acme", "Acme");
            String url = node.url();

            Run installed = merchantry("plugins", "install", "--url", url, "--token", ADMIN, zip.toString());
            assertEquals(0, installed.code(), installed.err());
            assertTrue(installed.out().contains("installed acme-recs 0.1.0 (started) strategies: acme-recs"),
                    installed.out());
            Run again = merchantry("plugins", "install", "--url", url, "--token", ADMIN, zip.toString());
            assertEquals(2, again.code(), "installing the same plugin twice is refused: " + again.out());

            assertEquals(200, api.put("/api/v1/shops/acme/products", ADMIN, """
                    [{"product_id":"p1","title":"Tent","category":"Camp","price":200},
                     {"product_id":"p2","title":"Stove","category":"Camp","price":60},
                     {"product_id":"p3","title":"Lamp","category":"Camp","price":25},
                     {"product_id":"p4","title":"Map","category":"Books","price":10}]""").status());
            // c1 {p1,p2}, c2 {p1,p2,p3}, c3 {p1,p3}: for c1, p3 is shared with p1 by c2 and c3, with p2 by c2.
            Instant at = Instant.now().minus(1, ChronoUnit.DAYS);
            JsonArray events = new JsonArray();
            String[][] views = {{"c1", "p1"}, {"c1", "p2"}, {"c2", "p1"}, {"c2", "p2"}, {"c2", "p3"}, {"c3", "p1"},
                {"c3", "p3"}, {"c4", "p4"}};
            for (int i = 0; i < views.length; i++) {
                events.add(event("v" + i, "Product Viewed", at.plusSeconds(i), views[i][0],
                        new JsonObject().put("product_id", views[i][1])));
            }
            assertEquals(200, api.post("/api/v1/shops/acme/events", ADMIN, events.encode()).status());

            ApiClient.Response bound = api.put("/api/v1/shops/acme/strategies/recommender", ADMIN,
                    "{\"strategy\":\"acme-recs\",\"config\":{\"min_support\":1}}");
            assertEquals(200, bound.status(), bound.body());
            ApiClient.Response badConfig = api.put("/api/v1/shops/acme/strategies/recommender", ADMIN,
                    "{\"strategy\":\"acme-recs\",\"config\":{\"max_history\":0}}");
            assertEquals(400, badConfig.status(), "the plugin's ConfigSpec validates bindings: " + badConfig.body());
            assertTrue(badConfig.body().contains("max_history"), badConfig.body());
            train(node, "recommender");

            JsonObject recs = api.get("/api/v1/shops/acme/recommendations?customer=c1&limit=5", ADMIN).json();
            assertEquals("acme-recs", recs.getString("strategy"), recs.encode());
            JsonObject first = recs.getJsonArray("items").getJsonObject(0);
            assertEquals("p3", first.getString("product_id"), recs.encode());
            assertEquals("customers who had p1 also had it", first.getString("reason"), recs.encode());

            // Upgrade: the same project at 0.2.0; the binding and the model stay.
            Path project = zip.getParent().getParent();
            Path pom = project.resolve("pom.xml");
            Files.writeString(pom, Files.readString(pom).replace("<version>0.1.0</version>", "<version>0.2.0</version>"));
            mvn(project, "package");
            Run upgraded = merchantry("plugins", "upgrade", "--url", url, "--token", ADMIN,
                    project.resolve("target/acme-recs-0.2.0-plugin.zip").toString());
            assertEquals(0, upgraded.code(), upgraded.err());
            assertTrue(upgraded.out().contains("upgraded 0.1.0 -> acme-recs 0.2.0"), upgraded.out());
            Run older = merchantry("plugins", "upgrade", "--url", url, "--token", ADMIN, zip.toString());
            assertEquals(2, older.code(), "an older version is refused: " + older.out());
            assertEquals("acme-recs", api.get("/api/v1/shops/acme/recommendations?customer=c1&limit=5", ADMIN).json()
                    .getString("strategy"), "the kept model serves after the upgrade");

            Run listed = merchantry("plugins", "list", "--url", url, "--token", ADMIN);
            assertEquals(0, listed.code(), listed.err());
            assertTrue(listed.out().matches("(?s).*acme-recs\\s+0\\.2\\.0\\s+started\\s+acme-recs.*"), listed.out());

            Run refused = merchantry("plugins", "remove", "--url", url, "--token", ADMIN, "acme-recs");
            assertEquals(2, refused.code(), "removing a plugin a shop is bound to is refused: " + refused.out());
            assertTrue(refused.err().contains("acme") && refused.err().contains("remove with --force"), refused.err());
            Run removed = merchantry("plugins", "remove", "--url", url, "--token", ADMIN, "--force", "acme-recs");
            assertEquals(0, removed.code(), removed.err());
            assertFalse(merchantry("plugins", "list", "--url", url, "--token", ADMIN).out().contains("acme-recs"));
        }
    }

    @Test
    void aScaffoldedForecasterBuildsPassesTheContractsAndForecastsAShopsDemand(@TempDir Path tmp) throws Exception {
        Path zip = scaffoldAndBuild(tmp, "forecaster", "acme-demand", "com.acme.demand");

        StringBuilder series = new StringBuilder("date,value\n");
        for (int d = 0; d < 60; d++) {
            series.append(LocalDate.of(2026, 1, 1).plusDays(d)).append(',').append(10 + d % 3).append('\n');
        }
        Path seriesFile = Files.writeString(tmp.resolve("sales.csv"), series);
        Run evaluated = merchantry("evaluate", "forecaster", "--strategy", "acme-demand", "--plugin", zip.toString(),
                "--series", seriesFile.toString(), "--horizon", "7", "--format", "json");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().contains("SES(alpha=0.30)"), evaluated.out());

        try (EmbeddedNode node = EmbeddedNode.builder().adminToken(ADMIN).start()) {
            ApiClient api = node.api();
            node.createShop("acme", "Acme");
            Run installed = merchantry("plugins", "install", "--url", node.url(), "--token", ADMIN, zip.toString());
            assertEquals(0, installed.code(), installed.err());

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            JsonArray orders = new JsonArray();
            for (int d = 1; d <= 21; d++) {
                orders.add(event("o" + d, "Order Completed", now.minus(d, ChronoUnit.DAYS), "c" + d, new JsonObject()
                        .put("order_id", "o" + d).put("currency", "EUR").put("products", new JsonArray()
                                .add(new JsonObject().put("product_id", "p1").put("price", 10).put("quantity", 4)))));
            }
            assertEquals(200, api.post("/api/v1/shops/acme/events", ADMIN, orders.encode()).status());
            ApiClient.Response bound = api.put("/api/v1/shops/acme/strategies/forecaster", ADMIN,
                    "{\"strategy\":\"acme-demand\",\"config\":{\"alpha\":0.5}}");
            assertEquals(200, bound.status(), bound.body());
            train(node, "forecaster");

            JsonObject forecast = api.get("/api/v1/shops/acme/forecasts/p1?horizon=3", ADMIN).json();
            assertEquals("SES(alpha=0.50)", forecast.getString("model"), forecast.encode());
            JsonArray points = forecast.getJsonArray("points");
            assertEquals(3, points.size(), forecast.encode());
            assertTrue(points.getJsonObject(0).getDouble("mean") > 0, forecast.encode());
        }
    }

    @Test
    void theExampleThirdPartyPluginBuildsEvaluatesInstallsOverRestAndServes(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("category-affinity");
        copyTree(ROOT.resolve("examples/plugins/category-affinity"), project);
        mvn(project, "package");
        Path zip = zipIn(project);

        // Implicit feedback (no rating column): every held-out item is relevant.
        StringBuilder ratings = new StringBuilder("user,item\n");
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 3; k++) {
                ratings.append("u").append(u).append(",p").append((u * 7 + k * 3) % 25).append("\n");
            }
        }
        Run evaluated = merchantry("evaluate", "recommender", "--strategy", "category-affinity", "--plugin",
                zip.toString(), "--ratings", Files.writeString(tmp.resolve("ratings.csv"), ratings).toString(),
                "--folds", "2", "--format", "json");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().contains("\"ndcg_at_10\""), evaluated.out());

        try (EmbeddedNode node = EmbeddedNode.builder().adminToken(ADMIN).start()) {
            ApiClient api = node.api();
            node.createShop("acme", "Acme");
            ApiClient.Response installed = api.sendBytes("POST", "/api/v1/plugins?file=" + zip.getFileName(), ADMIN,
                    Files.readAllBytes(zip), "application/java-archive");
            assertEquals(201, installed.status(), installed.body());
            assertEquals("started", installed.json().getString("state"), installed.body());

            assertEquals(200, api.put("/api/v1/shops/acme/products", ADMIN, """
                    [{"product_id":"tent","title":"Tent","category":"Camp","price":200},
                     {"product_id":"stove","title":"Stove","category":"Camp","price":60},
                     {"product_id":"map","title":"Map","category":"Books","price":10},
                     {"product_id":"guide","title":"Guide","category":"Books","price":20}]""").status());
            Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
            JsonArray events = new JsonArray();
            String[][] views = {{"c1", "tent"}, {"c2", "stove"}, {"c2", "guide"}, {"c3", "stove"}};
            for (int i = 0; i < views.length; i++) {
                events.add(event("v" + i, "Product Viewed", at.plusSeconds(i), views[i][0],
                        new JsonObject().put("product_id", views[i][1])));
            }
            assertEquals(200, api.post("/api/v1/shops/acme/events", ADMIN, events.encode()).status());
            ApiClient.Response bound = api.put("/api/v1/shops/acme/strategies/recommender", ADMIN,
                    "{\"strategy\":\"category-affinity\",\"config\":{\"half_life_days\":14}}");
            assertEquals(200, bound.status(), bound.body());
            train(node, "recommender");

            JsonObject recs = api.get("/api/v1/shops/acme/recommendations?customer=c1&limit=5", ADMIN).json();
            assertEquals("category-affinity", recs.getString("strategy"), recs.encode());
            assertEquals("stove", recs.getJsonArray("items").getJsonObject(0).getString("product_id"), recs.encode());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
