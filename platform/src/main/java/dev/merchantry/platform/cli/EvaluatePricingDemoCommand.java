package dev.merchantry.platform.cli;

import dev.merchantry.platform.demo.DemoPriceResponse;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code merchantry evaluate pricing-demo}: drives a running {@code serve --demo} node through a simulated month.
 * Each day, for the demo's best-selling products, it asks the shop's pricing agent for a price over REST, draws the
 * day's sales from the demo's true price response (Poisson around b_j · (p / L_j)^(−ε_j), see
 * {@link DemoPriceResponse}) and posts them as the outcome; it compares the revenue with keeping the catalog price.
 */
@Command(name = "pricing-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a pricing agent on a serve --demo node for a simulated month over the REST API: decide, "
                + "draw the day's sales from the demo's true price elasticity, post the outcome; report revenue "
                + "against keeping the catalog price."},
        footer = {"", "Example (after 'merchantry serve --demo' printed the demo API key):",
            "  merchantry evaluate pricing-demo --api-key mk_shop_... --days 30 --products 20"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the month ran", "1:the node failed a request", "2:invalid command line"})
final class EvaluatePricingDemoCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "the node (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--api-key", required = true, description = "the demo shop's API key (or the admin token)")
    String apiKey;

    @Option(names = "--shop", defaultValue = "demo", description = "shop id (default: ${DEFAULT-VALUE})")
    String shop;

    @Option(names = "--strategy", defaultValue = "thompson-pricing", description = "pricing strategy to bind (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--objective", defaultValue = "revenue", description = "revenue or profit (default: ${DEFAULT-VALUE})")
    String objective;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting of the bound agent (repeatable), e.g. "
            + "history_prior_weight=0 for a cold start")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Option(names = "--days", defaultValue = "30", description = "simulated days, one decision per product per day (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--products", defaultValue = "20", description = "best-selling products to price (default: ${DEFAULT-VALUE})")
    int products;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the simulated sales (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--demo-end", description = "the day the demo history ended (its UTC midnight), as logged by "
            + "serve --demo; default: today")
    LocalDate demoEnd;

    @Option(names = "--demo-customers", defaultValue = "2000", description = "the node's --demo-customers (default: ${DEFAULT-VALUE})")
    int demoCustomers;

    @Option(names = "--demo-products", defaultValue = "300", description = "the node's --demo-products (default: ${DEFAULT-VALUE})")
    int demoProducts;

    @Option(names = "--demo-days", defaultValue = "730", description = "the node's --demo-days (default: ${DEFAULT-VALUE})")
    int demoDays;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        if (days < 1 || days > 3650) {
            throw new EvaluationException("--days", "must be between 1 and 3,650, got " + days);
        }
        if (products < 1 || products > 1000) {
            throw new EvaluationException("--products", "must be between 1 and 1,000, got " + products);
        }
        if (!objective.equals("revenue") && !objective.equals("profit")) {
            throw new EvaluationException("--objective", "must be revenue or profit, got '" + objective + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant end = (demoEnd != null ? demoEnd : LocalDate.now(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<DemoPriceResponse.Product> all = DemoPriceResponse.of(new DemoScale(demoCustomers, demoProducts, demoDays),
                42, end);
        List<DemoPriceResponse.Product> chosen = all.subList(0, Math.min(products, all.size()));
        JsonObject config = new JsonObject().put("objective", objective).put("mode", "auto");
        settings.forEach((k, v) -> config.put(k, settingValue(v)));
        send("PUT", "/api/v1/shops/" + shop + "/strategies/pricing", new JsonObject().put("strategy", strategy)
                .put("config", config));
        double[] start = new double[chosen.size()];
        for (int j = 0; j < chosen.size(); j++) {
            start[j] = send("GET", "/api/v1/shops/" + shop + "/products/" + chosen.get(j).productId(), null)
                    .getDouble("price");
        }
        out.printf(Locale.ROOT, "%s on %d demo products (%.2f units/day at list price on average), %d days, "
                + "objective %s%n", strategy, chosen.size(),
                chosen.stream().mapToDouble(DemoPriceResponse.Product::baseUnits).average().orElse(0), days, objective);
        out.printf(Locale.ROOT, "%6s %14s %14s %9s %14s %14s%n", "week", "agent exp.", "baseline exp.", "change",
                "agent sold", "baseline sold");
        RandomGenerator agentSales = new Well19937c(seed);
        RandomGenerator baselineSales = new Well19937c(seed + 1);
        double agentExpected = 0;
        double baseExpected = 0;
        double agentRealized = 0;
        double baseRealized = 0;
        double weekAgent = 0;
        double weekBase = 0;
        double weekAgentSold = 0;
        double weekBaseSold = 0;
        for (int day = 1; day <= days; day++) {
            for (int j = 0; j < chosen.size(); j++) {
                DemoPriceResponse.Product p = chosen.get(j);
                JsonObject d = send("POST", "/api/v1/shops/" + shop + "/pricing/" + p.productId() + "/decide", null);
                double price = d.getDouble("price");
                long units = poisson(agentSales, p.expectedUnits(price));
                send("POST", "/api/v1/shops/" + shop + "/pricing/" + p.productId() + "/outcome", new JsonObject()
                        .put("decision_id", d.getString("decision_id")).put("units", units).put("revenue", units * price));
                double margin = objective.equals("profit") ? price - p.cost() : price;
                double baseMargin = objective.equals("profit") ? start[j] - p.cost() : start[j];
                weekAgent += margin * p.expectedUnits(price);
                weekBase += baseMargin * p.expectedUnits(start[j]);
                long baseUnits = poisson(baselineSales, p.expectedUnits(start[j]));
                weekAgentSold += margin * units;
                weekBaseSold += baseMargin * baseUnits;
            }
            if (day % 7 == 0 || day == days) {
                out.printf(Locale.ROOT, "%6d %14.2f %14.2f %8.1f%% %14.2f %14.2f%n", (day + 6) / 7, weekAgent, weekBase,
                        100 * (weekAgent / weekBase - 1), weekAgentSold, weekBaseSold);
                agentExpected += weekAgent;
                baseExpected += weekBase;
                agentRealized += weekAgentSold;
                baseRealized += weekBaseSold;
                weekAgent = weekBase = weekAgentSold = weekBaseSold = 0;
            }
        }
        out.printf(Locale.ROOT, "%6s %14.2f %14.2f %8.1f%% %14.2f %14.2f%n", "total", agentExpected, baseExpected,
                100 * (agentExpected / baseExpected - 1), agentRealized, baseRealized);
        out.printf(Locale.ROOT, "expected %s: the demo's price response at the prices charged; sold: with Poisson "
                + "noise. Baseline: the catalog price when the run started.%n", objective);
        out.flush();
        return 0;
    }

    private static long poisson(RandomGenerator random, double mean) {
        return mean > 0 ? new PoissonDistribution(random, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample() : 0;
    }

    private JsonObject send(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + url + "; is 'merchantry serve --demo' running?", e);
        }
        if (r.statusCode() / 100 != 2) {
            String detail = r.body();
            try {
                detail = new JsonObject(r.body()).getString("detail", detail);
            } catch (RuntimeException ignored) {
                // not a problem+json body
            }
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + detail);
        }
        return new JsonObject(r.body());
    }

    /** A --set value as JSON: a number or boolean when it reads as one, else the string. */
    private static Object settingValue(String v) {
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean(v);
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
