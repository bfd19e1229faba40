package dev.merchantry.bench;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.demo.DemoDataGenerator;
import dev.merchantry.platform.demo.DemoPriceResponse;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.demo.DemoSink;
import dev.merchantry.platform.pricing.ListPriceHistory;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * {@code evaluate pricing-demo} without a node, for many seeds (prints figures, asserts nothing). It regenerates the
 * demo history (scale 2000/300/730, seed 42, ending at {@code --end}), hands each of the best sellers the history the
 * platform would ({@link ListPriceHistory} over the demo's order lines, daily units and stock-out days, as
 * {@code PricingService} reads them from the database), and plays a month exactly as the command does: each day, for
 * every product in turn, the agent decides (the catalog price is the last decided price; the margin floor comes from
 * the product's cost), the day's sales are drawn from Poisson(b_j · (p / L_j)^(−ε_j)) on the command's stream
 * ({@code Well19937c(seed)}, day-major) and the agent observes them. Reported per variant: percent of expected
 * revenue (or profit) over keeping the catalog price, per seed and mean ± sd, paired differences against the first
 * variant, and per product the mean lift, the share of days spent at the lowest allowed candidate and the days on
 * which the agent was still "trying" a candidate it had never observed after its first ten. Unlike the node, the
 * agent's random generator is seeded (per seed and product), so a run is repeatable.
 *
 * <p>Run (after {@code mvn install}): {@code java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
 * dev.merchantry.bench.DemoPricingBenchmark --end 2026-12-07 --seeds 7-11 --variant cold:history_prior_weight=0
 * --variant warm:history_prior_weight=14}; {@code --plugins-dir} (default
 * {@code platform/target/merchantry/plugins}), {@code --strategy}, {@code --days}, {@code --products},
 * {@code --objective}, {@code --print-history} (the history each product gets: days and units).
 */
public final class DemoPricingBenchmark {

    private static final long DAY_MS = 86_400_000L;

    private DemoPricingBenchmark() {
    }

    /** One product's demo history as the database holds it. */
    private static final class Sales {
        final Map<Long, Double> unitsByDay = new HashMap<>();
        final TreeMap<Long, Map<Double, double[]>> byDayAndPrice = new TreeMap<>();
        final List<long[]> snapshots = new ArrayList<>(); // {epoch ms, on_hand}
    }

    private record Variant(String name, Map<String, String> settings) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("end", "", "seeds", "7-11", "days", "30",
                "products", "20", "strategy", "thompson-pricing", "plugins-dir", "platform/target/merchantry/plugins",
                "objective", "revenue"));
        List<Variant> variants = new ArrayList<>();
        boolean printHistory = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--print-history")) {
                printHistory = true;
            } else if (a.equals("--variant") && i + 1 < args.length) {
                variants.add(variant(args[++i]));
            } else if (a.startsWith("--") && o.containsKey(a.substring(2)) && i + 1 < args.length) {
                o.put(a.substring(2), args[++i]);
            } else {
                System.err.println("unknown option " + a + "; options: --end DATE --seeds A-B --days N --products N"
                        + " --strategy ID --plugins-dir DIR --objective revenue|profit --variant NAME:k=v,k=v"
                        + " --print-history");
                System.exit(2);
            }
        }
        if (o.get("end").isEmpty()) {
            System.err.println("--end DATE is required: the day the demo history ended (serve --demo: its start day)");
            System.exit(2);
        }
        if (variants.isEmpty()) {
            variants.add(new Variant("default", Map.of()));
        }
        String[] range = o.get("seeds").split("-");
        long firstSeed = Long.parseLong(range[0]);
        long lastSeed = range.length > 1 ? Long.parseLong(range[1]) : firstSeed;
        int days = Integer.parseInt(o.get("days"));
        boolean profit = o.get("objective").equals("profit");
        Instant end = LocalDate.parse(o.get("end")).atStartOfDay(ZoneOffset.UTC).toInstant();
        DemoScale scale = new DemoScale(2000, 300, 730);

        List<DemoPriceResponse.Product> all = DemoPriceResponse.of(scale, 42, end);
        List<DemoPriceResponse.Product> chosen = all.subList(0, Math.min(Integer.parseInt(o.get("products")), all.size()));
        Map<String, Sales> sales = new HashMap<>();
        chosen.forEach(p -> sales.put(p.productId(), new Sales()));
        new DemoDataGenerator(scale, 42, end).generate(new DemoSink() {
            @Override
            public void products(List<JsonObject> batch) {
            }

            @Override
            public void events(List<JsonObject> batch) {
                for (JsonObject e : batch) {
                    if (!"Order Completed".equals(e.getString("type"))) {
                        continue;
                    }
                    long day = Math.floorDiv(Instant.parse(e.getString("timestamp")).toEpochMilli(), DAY_MS);
                    JsonArray lines = e.getJsonObject("properties").getJsonArray("products");
                    for (int i = 0; i < lines.size(); i++) {
                        JsonObject line = lines.getJsonObject(i);
                        Sales s = sales.get(line.getString("product_id"));
                        if (s != null) {
                            double q = line.getDouble("quantity", 1.0);
                            s.unitsByDay.merge(day, q, Double::sum);
                            double[] ur = s.byDayAndPrice.computeIfAbsent(day, d -> new TreeMap<>())
                                    .computeIfAbsent(line.getDouble("price"), p -> new double[2]);
                            ur[0] += q;
                            ur[1] += q * line.getDouble("price");
                        }
                    }
                }
            }

            @Override
            public void inventory(List<JsonObject> batch) {
                for (JsonObject s : batch) {
                    Sales x = sales.get(s.getString("product_id"));
                    if (x != null) {
                        x.snapshots.add(new long[] {Instant.parse(s.getString("timestamp")).toEpochMilli(),
                                s.getLong("on_hand")});
                    }
                }
            }
        });
        // The node decides during the day after the history ended.
        Instant now = end.plus(12, ChronoUnit.HOURS);
        Map<String, List<PriceObservation>> history = new HashMap<>();
        Map<String, Long> onHand = new HashMap<>();
        double historyRatio = 0;
        double dispersion = 0;
        for (DemoPriceResponse.Product p : chosen) {
            Sales s = sales.get(p.productId());
            history.put(p.productId(), listPriceHistory(s, now, p.currentPrice()));
            onHand.put(p.productId(), s.snapshots.isEmpty() ? -1 : s.snapshots.get(s.snapshots.size() - 1)[1]);
            if (printHistory) {
                List<PriceObservation> h = history.get(p.productId());
                double n = h.size();
                double mean = h.stream().mapToDouble(PriceObservation::units).sum() / n;
                double var = h.stream().mapToDouble(x -> (x.units() - mean) * (x.units() - mean)).sum() / (n - 1);
                System.out.printf(Locale.ROOT, "history %s list %.2f: %d days, %.0f units (%.3f/day, variance/mean"
                                + " %.2f); truth at list %.3f/day (history/truth %.2f), elasticity %.2f%n",
                        p.productId(), p.currentPrice(), h.size(), mean * n, mean, var / mean,
                        p.expectedUnits(p.currentPrice()), mean / p.expectedUnits(p.currentPrice()), p.elasticity());
                historyRatio += Math.log(mean / p.expectedUnits(p.currentPrice())) / chosen.size();
                dispersion += var / mean / chosen.size();
            }
        }
        if (printHistory) {
            System.out.printf(Locale.ROOT, "history level / truth: geometric mean %.3f; variance/mean of the daily"
                    + " units: mean %.2f (1 for Poisson)%n", Math.exp(historyRatio), dispersion);
        }
        int seeds = (int) (lastSeed - firstSeed + 1);
        double[][] lift = new double[variants.size()][seeds];
        // Split by whether the margin floor excludes a starting candidate (the cost sits above 0.7 × the price).
        double[][][] groupLift = new double[variants.size()][2][seeds];
        double[][][] productLift = new double[variants.size()][chosen.size()][seeds];
        double[][] atLowest = new double[variants.size()][chosen.size()];
        double[][] stillTrying = new double[variants.size()][chosen.size()];
        for (int v = 0; v < variants.size(); v++) {
            Map<String, String> settings = new LinkedHashMap<>(variants.get(v).settings());
            settings.putIfAbsent("objective", o.get("objective"));
            try (OfflineStrategy<PricingAgent> loaded = OfflineStrategy.load(Path.of(o.get("plugins-dir")),
                    MerchantryNode.VERSION, o.get("strategy"), StrategyKind.PRICING, PricingAgent.class, settings)) {
                StrategyContext context = loaded.context(Clock.fixed(now, ZoneOffset.UTC));
                double minMargin = loaded.config().getDouble("min_margin");
                for (int r = 0; r < seeds; r++) {
                    long seed = firstSeed + r;
                    int vv = v;
                    int rr = r;
                    loaded.call(() -> {
                        RandomGenerator demand = new Well19937c(seed);
                        int n = chosen.size();
                        PricingModel[] models = new PricingModel[n];
                        double[] price = new double[n];
                        double[] agent = new double[n];
                        double[] base = new double[n];
                        SplittableRandom[] random = new SplittableRandom[n];
                        for (int j = 0; j < n; j++) {
                            DemoPriceResponse.Product p = chosen.get(j);
                            price[j] = p.currentPrice();
                            random[j] = new SplittableRandom(seed * 1_000_003L + j);
                            models[j] = loaded.strategy().start(new PricingContext(p.productId(), p.currentPrice(),
                                    p.cost(), p.currentPrice(), onHand.get(p.productId()), "EUR",
                                    history.get(p.productId())), loaded.config(), context);
                        }
                        for (int day = 1; day <= days; day++) {
                            for (int j = 0; j < n; j++) {
                                DemoPriceResponse.Product p = chosen.get(j);
                                PriceDecision d = models[j].decide(new PricingContext(p.productId(), p.currentPrice(),
                                        p.cost(), price[j], onHand.get(p.productId()), "EUR", List.of()), random[j],
                                        context);
                                double expected = p.expectedUnits(d.price());
                                long units = expected > 0 ? new PoissonDistribution(demand, expected,
                                        PoissonDistribution.DEFAULT_EPSILON,
                                        PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample() : 0;
                                models[j] = models[j].observe(new PricingOutcome(d.price(), units, units * d.price()));
                                price[j] = d.price();
                                agent[j] += (profit ? d.price() - p.cost() : d.price()) * expected;
                                base[j] += (profit ? p.currentPrice() - p.cost() : p.currentPrice())
                                        * p.expectedUnits(p.currentPrice());
                                if (Math.abs(d.price() - lowestAllowed(p, minMargin)) < 0.005) {
                                    atLowest[vv][j] += 1.0 / days / seeds;
                                }
                                if (day > 10 && d.explanation().contains("without observations")) {
                                    stillTrying[vv][j] += 1.0 / seeds;
                                }
                            }
                        }
                        double a = 0;
                        double b = 0;
                        double[] ga = new double[2];
                        double[] gb = new double[2];
                        for (int j = 0; j < n; j++) {
                            a += agent[j];
                            b += base[j];
                            int g = blocked(chosen.get(j)) ? 1 : 0;
                            ga[g] += agent[j];
                            gb[g] += base[j];
                            productLift[vv][j][rr] = 100 * (agent[j] / base[j] - 1);
                        }
                        for (int g = 0; g < 2; g++) {
                            groupLift[vv][g][rr] = gb[g] > 0 ? 100 * (ga[g] / gb[g] - 1) : Double.NaN;
                        }
                        lift[vv][rr] = 100 * (a / b - 1);
                        return null;
                    });
                }
            }
        }

        System.out.printf(Locale.ROOT, "%s on %d demo products (history ending %s), %d days, seeds %d-%d, objective %s%n",
                o.get("strategy"), chosen.size(), o.get("end"), days, firstSeed, lastSeed, o.get("objective"));
        System.out.printf(Locale.ROOT, "oracle (best allowed candidate on the starting grid, every day): %+.1f %%%n",
                oracleLift(chosen, profit));
        for (int v = 0; v < variants.size(); v++) {
            StringBuilder perSeed = new StringBuilder();
            for (int r = 0; r < Math.min(seeds, 10); r++) {
                perSeed.append(String.format(Locale.ROOT, " %+.1f", lift[v][r]));
            }
            System.out.printf(Locale.ROOT, "%-12s lift %+.2f %% ± %.2f (sd over %d seeds; se %.2f)  first seeds:%s%n",
                    variants.get(v).name(), mean(lift[v]), sd(lift[v]), seeds, sd(lift[v]) / Math.sqrt(seeds), perSeed);
            System.out.printf(Locale.ROOT, "%-12s   products whose floor excludes a candidate %+.2f %% ± %.2f, the others"
                            + " %+.2f %% ± %.2f%n", "", mean(groupLift[v][1]), sd(groupLift[v][1]), mean(groupLift[v][0]),
                    sd(groupLift[v][0]));
            if (v > 0) {
                double[] diff = new double[seeds];
                int wins = 0;
                for (int r = 0; r < seeds; r++) {
                    diff[r] = lift[v][r] - lift[0][r];
                    wins += diff[r] >= 0 ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%-12s   vs %s: %+.2f points ± %.2f (se), not worse on %d of %d seeds%n",
                        "", variants.get(0).name(), mean(diff), sd(diff) / Math.sqrt(seeds), wins, seeds);
            }
        }
        System.out.printf(Locale.ROOT, "%n%-8s %6s %5s %8s %8s", "product", "eps", "floor", "oracle", "");
        for (Variant v : variants) {
            System.out.printf(Locale.ROOT, " %22s", v.name() + " lift/lowest/trying");
        }
        System.out.println();
        for (int j = 0; j < chosen.size(); j++) {
            DemoPriceResponse.Product p = chosen.get(j);
            System.out.printf(Locale.ROOT, "%-8s %6.2f %5s %+7.1f%% %8s", p.productId(), p.elasticity(),
                    blocked(p) ? "yes" : "", oracleLift(List.of(p), profit), "");
            for (int v = 0; v < variants.size(); v++) {
                System.out.printf(Locale.ROOT, " %+9.1f%% %5.0f%% %5.1f", mean(productLift[v][j]),
                        100 * atLowest[v][j], stillTrying[v][j]);
            }
            System.out.println();
        }
    }

    private static Variant variant(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        Map<String, String> settings = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : spec.substring(colon + 1).split(",")) {
                if (!kv.isBlank()) {
                    String[] p = kv.split("=", 2);
                    settings.put(p[0].strip(), p[1].strip());
                }
            }
        }
        return new Variant(name, settings);
    }

    /** The history {@code PricingService} hands a new agent: {@link ListPriceHistory} over what the database holds. */
    private static List<PriceObservation> listPriceHistory(Sales s, Instant now, double listPrice) {
        int maxDays = ListPriceHistory.DAYS;
        long endDay = Math.floorDiv(now.toEpochMilli(), DAY_MS);
        long first = s.unitsByDay.keySet().stream().mapToLong(Long::longValue).min().orElse(endDay);
        long startDay = s.unitsByDay.isEmpty() ? endDay : Math.max(first, endDay - maxDays);
        int n = (int) (endDay - startDay);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = s.unitsByDay.getOrDefault(startDay + i, 0.0);
        }
        // SqlCommerceViews.markStockOuts: a snapshot at 0 during the day, or a day that began at 0.
        long level = -1;
        long nextDay = startDay;
        for (long[] snap : s.snapshots) {
            if (snap[0] >= endDay * DAY_MS) {
                break;
            }
            long snapshotDay = Math.floorDiv(snap[0], DAY_MS);
            while (nextDay <= snapshotDay && nextDay < endDay) {
                if (level == 0) {
                    values[(int) (nextDay - startDay)] = Double.NaN;
                }
                nextDay++;
            }
            if (snap[1] == 0 && snapshotDay >= startDay && snapshotDay < endDay) {
                values[(int) (snapshotDay - startDay)] = Double.NaN;
            }
            level = snap[1];
        }
        for (long day = nextDay; day < endDay; day++) {
            if (level == 0) {
                values[(int) (day - startDay)] = Double.NaN;
            }
        }
        TimeSeries demand = TimeSeries.of("p", Frequency.DAILY, LocalDate.ofEpochDay(startDay), values);
        Instant from = now.minus(maxDays + 1, ChronoUnit.DAYS);
        List<PriceObservation> sold = new ArrayList<>();
        s.byDayAndPrice.forEach((day, prices) -> prices.forEach((price, ur) -> {
            Instant t = Instant.ofEpochMilli(day * DAY_MS);
            if (!t.isBefore(from) && !t.isAfter(now)) {
                sold.add(new PriceObservation(t, price, ur[0], ur[1]));
            }
        }));
        return ListPriceHistory.of(demand, sold, List.of(), listPrice);
    }

    private static double[] grid(double list) {
        double[] g = new double[7];
        for (int k = 0; k < 7; k++) {
            g[k] = Math.round(list * (0.7 + 0.1 * k) * 100) / 100.0;
        }
        return g;
    }

    private static double lowestAllowed(DemoPriceResponse.Product p, double minMargin) {
        for (double c : grid(p.currentPrice())) {
            if (c >= p.cost() * (1 + minMargin)) {
                return c;
            }
        }
        return Double.NaN;
    }

    private static boolean blocked(DemoPriceResponse.Product p) {
        return grid(p.currentPrice())[0] < p.cost() * 1.05;
    }

    private static double oracleLift(List<DemoPriceResponse.Product> products, boolean profit) {
        double best = 0;
        double base = 0;
        for (DemoPriceResponse.Product p : products) {
            double b = Double.NEGATIVE_INFINITY;
            for (double c : grid(p.currentPrice())) {
                if (c >= p.cost() * 1.05) {
                    b = Math.max(b, (profit ? c - p.cost() : c) * p.expectedUnits(c));
                }
            }
            best += b;
            base += (profit ? p.currentPrice() - p.cost() : p.currentPrice()) * p.expectedUnits(p.currentPrice());
        }
        return 100 * (best / base - 1);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
