package dev.merchantry.bench;

import dev.merchantry.api.config.Config;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.plugins.forecasting.auto.AutoForecaster;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolling-origin backtest of {@code auto} on the demo shop's products (prints figures, asserts nothing): for each of
 * {@code --origins} origins, 28 days apart and ending at the last day of the history, every product's daily units up
 * to the origin (stock-out days unobserved, as the platform's demand view makes them) are fitted with each
 * configuration and the next {@code --horizon} days are forecast. Reported per configuration: WAPE of each
 * product's horizon total (the quantity replenishment orders against), the same per category (where a season shows
 * through the noise of single slow movers), daily MAE, bias (forecast / actual), and how often the replenishment
 * service's 95%-service-level reorder point over a 7-day lead time covered the actual demand. With
 * {@code --at 2025-11-01,2025-12-01} the origins are those dates instead (e.g. where a seasonal ramp starts), and
 * each category's forecast and actual totals, bias (forecast / actual) and WAPE of its daily totals over the
 * horizon are printed per origin. Each product is fitted with its category's summed demand up to the origin as its
 * group, as the platform's training job passes it. Configurations: the default (discounted Poisson rate, the
 * group's season and level); without the group's level; Croston-SBA (the default of round 2); and both level
 * methods without any group (as the CLI fits a single series). The product WAPE and bias are also printed by the
 * number of days with a sale before the origin (1, 2–3, 4–9, 10–30, more), where few sales make level estimates
 * fragile. {@code --product ID} prints that product's forecast and actual total per origin and configuration.
 *
 * <p>Run: {@code merchantry demo-data --out DIR}, then {@code java -cp benchmarks/target/benchmarks.jar
 * dev.merchantry.bench.DemoForecastBacktest --data DIR [--horizon 28] [--origins 12 | --at DATE,DATE]
 * [--product ID]}.
 */
public final class DemoForecastBacktest {

    private static final int LEAD_TIME = 7;

    private DemoForecastBacktest() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("data", "", "horizon", "28", "origins", "12", "at", "",
                "product", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
                System.err.println("unknown option " + args[i] + "; options: --data DIR --horizon N --origins N"
                        + " --at DATE,DATE --product ID");
                System.exit(2);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (o.get("data").isEmpty()) {
            System.err.println("--data DIR is required (the directory `merchantry demo-data --out DIR` writes)");
            System.exit(2);
        }
        Path dir = Path.of(o.get("data"));
        int horizon = Integer.parseInt(o.get("horizon"));
        int origins = Integer.parseInt(o.get("origins"));
        List<LocalDate> at = new ArrayList<>();
        for (String d : o.get("at").split(",")) {
            if (!d.isBlank()) {
                at.add(LocalDate.parse(d.strip()));
            }
        }

        Map<String, String> category = new TreeMap<>();
        for (CSVRecord r : csv(dir.resolve("products.csv"))) {
            category.put(r.get("product_id"), r.get("category"));
        }
        Map<String, Map<LocalDate, Double>> sold = new HashMap<>();
        LocalDate first = LocalDate.MAX;
        LocalDate last = LocalDate.MIN;
        for (CSVRecord r : csv(dir.resolve("orders.csv"))) {
            LocalDate d = day(r.get("timestamp"));
            sold.computeIfAbsent(r.get("product_id"), k -> new HashMap<>()).merge(d, Double.parseDouble(r.get("quantity")), Double::sum);
            first = first.isBefore(d) ? first : d;
            last = last.isAfter(d) ? last : d;
        }
        int days = (int) ChronoUnit.DAYS.between(first, last) + 1;
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String p : category.keySet()) {
            double[] y = new double[days];
            Map<LocalDate, Double> s = sold.getOrDefault(p, Map.of());
            for (int t = 0; t < days; t++) {
                y[t] = s.getOrDefault(first.plusDays(t), 0.0);
            }
            series.put(p, y);
        }
        markStockOuts(dir.resolve("inventory.csv"), series, first, days);

        Forecaster auto = new AutoForecaster();
        Map<String, Config> configs = new LinkedHashMap<>();
        var spec = auto.descriptor().configSpec();
        configs.put("auto (default)", spec.defaults());
        configs.put("group_level=false", spec.parse(Map.of("group_level", false)));
        configs.put("croston-sba (round 2 default)", spec.parse(Map.of("intermittent_method", "croston-sba")));
        configs.put("no group: rate", spec.parse(Map.of("group_seasonality", false, "group_level", false)));
        configs.put("no group: croston-sba", spec.parse(Map.of("group_seasonality", false,
                "intermittent_method", "croston-sba")));
        List<Integer> originDays = new ArrayList<>();
        if (at.isEmpty()) {
            for (int k = origins; k >= 1; k--) {
                originDays.add(days - k * horizon);
            }
        } else {
            for (LocalDate d : at) {
                int origin = (int) ChronoUnit.DAYS.between(first, d);
                if (origin <= 0 || origin + horizon > days) {
                    System.err.println("--at " + d + ": the history " + first + " .. " + last + " does not hold "
                            + horizon + " days after it");
                    System.exit(2);
                }
                originDays.add(origin);
            }
        }
        System.out.printf(Locale.ROOT, "== demo backtest: %d products, %d days (%s .. %s), %d origins x %d days ahead%n",
                series.size(), days, first, last, originDays.size(), horizon);
        Map<String, String> perCategory = new LinkedHashMap<>();
        List<String> perProduct = new ArrayList<>();
        List<String> bySalesRows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-40s %12s %14s %10s %8s %9s %9s %14s %13s%n", "configuration", "product WAPE",
                "category WAPE", "daily MAE", "bias", "seasonal", "borrowed", "7d demand<=ROP", "mean safety");
        for (Map.Entry<String, Config> c : configs.entrySet()) {
            double productErr = 0;
            double actualTotal = 0;
            double forecastTotal = 0;
            double dailyErr = 0;
            long dailyCount = 0;
            long seasonal = 0;
            long fits = 0;
            double categoryErr = 0;
            long leadTimes = 0;
            long covered = 0;
            double safetyStock = 0;
            long borrowed = 0;
            // by the number of days with a sale in the history: Σ|f − a|, Σ f, Σ a, cases
            Map<String, double[]> bySales = new TreeMap<>();
            for (int origin : originDays) {
                // each category's summed demand up to the origin: the group the platform passes (stock-out days
                // of single products count as no sales in the sum)
                Map<String, double[]> categoryDemand = new HashMap<>();
                for (Map.Entry<String, double[]> e : series.entrySet()) {
                    double[] sum = categoryDemand.computeIfAbsent(category.get(e.getKey()), x -> new double[origin]);
                    for (int t = 0; t < origin; t++) {
                        sum[t] += Double.isNaN(e.getValue()[t]) ? 0 : e.getValue()[t];
                    }
                }
                Map<String, double[]> byCategory = new TreeMap<>();
                Map<String, double[][]> dailyByCategory = new TreeMap<>();
                for (Map.Entry<String, double[]> e : series.entrySet()) {
                    double[] y = e.getValue();
                    // as the platform's demand view: the series starts at the product's first sale
                    int start = 0;
                    while (start < origin && !(y[start] > 0)) {
                        start++;
                    }
                    double[] mean = new double[horizon];
                    double[] hi95 = new double[horizon];
                    String model = "no sale yet";
                    if (start < origin) {
                        TimeSeries train = TimeSeries.of(e.getKey(), Frequency.DAILY, first.plusDays(start),
                                Arrays.copyOfRange(y, start, origin));
                        TimeSeries group = TimeSeries.of(category.get(e.getKey()), Frequency.DAILY, first,
                                categoryDemand.get(category.get(e.getKey())));
                        var forecast = auto.fit(train, group, c.getValue(), ForecastBenchmark.context())
                                .forecast(horizon, 80, 95);
                        mean = forecast.mean();
                        hi95 = forecast.interval(95).orElseThrow().upper();
                        fits++;
                        seasonal += forecast.model().contains("seasonality") ? 1 : 0;
                        borrowed += forecast.model().contains("group's Poisson Fourier") ? 1 : 0;
                        model = forecast.model();
                    }
                    double f = 0;
                    double a = 0;
                    double[][] daily = dailyByCategory.computeIfAbsent(category.get(e.getKey()),
                            x -> new double[2][horizon]);
                    for (int h = 0; h < horizon; h++) {
                        double actual = y[origin + h];
                        if (Double.isNaN(actual)) {
                            continue; // a stock-out day's demand is unknown: scored neither way
                        }
                        daily[0][h] += mean[h];
                        daily[1][h] += actual;
                        f += mean[h];
                        a += actual;
                        dailyErr += Math.abs(mean[h] - actual);
                        dailyCount++;
                    }
                    productErr += Math.abs(f - a);
                    if (start < origin) {
                        double[] b = bySales.computeIfAbsent(salesBucket(y, start, origin), x -> new double[4]);
                        b[0] += Math.abs(f - a);
                        b[1] += f;
                        b[2] += a;
                        b[3]++;
                    }
                    // the replenishment service's reorder point at a 95% service level over a 7-day lead time
                    // (ReplenishmentPlan: σ_h from the upper 95% bound, normal cumulative demand)
                    double meanL = 0;
                    double varL = 0;
                    double actualL = 0;
                    boolean complete = true;
                    for (int h = 0; h < LEAD_TIME; h++) {
                        meanL += Math.max(0, mean[h]);
                        double sd = Math.max(0, hi95[h] - mean[h]) / 1.959963984540054;
                        varL += sd * sd;
                        complete &= !Double.isNaN(y[origin + h]);
                        actualL += Double.isNaN(y[origin + h]) ? 0 : y[origin + h];
                    }
                    if (complete && start < origin) {
                        leadTimes++;
                        covered += actualL <= meanL + 1.6448536269514722 * Math.sqrt(varL) ? 1 : 0;
                        safetyStock += 1.6448536269514722 * Math.sqrt(varL);
                    }
                    if (e.getKey().equals(o.get("product"))) {
                        perProduct.add(String.format(Locale.ROOT, "  %s @ %s  %-32s forecast %6.1f  actual %4.0f  %s",
                                e.getKey(), first.plusDays(origin), c.getKey(), f, a, model));
                    }
                    actualTotal += a;
                    forecastTotal += f;
                    double[] sums = byCategory.computeIfAbsent(category.get(e.getKey()), x -> new double[2]);
                    sums[0] += f;
                    sums[1] += a;
                }
                for (double[] s : byCategory.values()) {
                    categoryErr += Math.abs(s[0] - s[1]);
                }
                if (!at.isEmpty()) {
                    for (Map.Entry<String, double[][]> d : dailyByCategory.entrySet()) {
                        double[][] v = d.getValue();
                        double fSum = 0;
                        double aSum = 0;
                        double absErr = 0;
                        for (int h = 0; h < horizon; h++) {
                            fSum += v[0][h];
                            aSum += v[1][h];
                            absErr += Math.abs(v[0][h] - v[1][h]);
                        }
                        perCategory.merge(d.getKey() + " @ " + first.plusDays(origin), String.format(Locale.ROOT,
                                "  %-30s %10.1f %10.1f %8.3f %12.3f", c.getKey(), fSum, aSum, fSum / aSum,
                                absErr / aSum), (x, y2) -> x + "\n" + y2);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-40s %12.3f %14.3f %10.4f %8.3f %8.0f%% %8.0f%% %13.1f%% %13.2f%n",
                    c.getKey(), productErr / actualTotal, categoryErr / actualTotal, dailyErr / dailyCount,
                    forecastTotal / actualTotal, 100.0 * seasonal / fits, 100.0 * borrowed / fits,
                    100.0 * covered / leadTimes, safetyStock / leadTimes);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-32s", c.getKey()));
            bySales.forEach((k, b) -> row.append(String.format(Locale.ROOT, "  %s (%d, %.0f sold): %.3f / %.2f",
                    k.substring(2), (long) b[3], b[2], b[0] / b[2], b[1] / b[2])));
            bySalesRows.add(row.toString());
        }
        System.out.printf(Locale.ROOT, "%nby days with a sale before the origin (product WAPE / bias):%n");
        bySalesRows.forEach(System.out::println);
        if (!perCategory.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nper category and origin, first %d days (daily category totals):%n"
                    + "  %-30s %10s %10s %8s %12s%n", horizon, "configuration", "forecast", "actual", "bias",
                    "daily WAPE");
            perCategory.forEach((k, v) -> System.out.println(k + "\n" + v));
        }
        if (!perProduct.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nproduct %s, first %d days (observed days):%n", o.get("product"), horizon);
            perProduct.forEach(System.out::println);
        }
    }

    /** "1", "2-3", "4-9", "10-30" or "31+" days with a sale in [start, origin), prefixed for sorting. */
    private static String salesBucket(double[] y, int start, int origin) {
        int sales = 0;
        for (int t = start; t < origin; t++) {
            sales += y[t] > 0 ? 1 : 0;
        }
        return sales <= 1 ? "a 1" : sales <= 3 ? "b 2-3" : sales <= 9 ? "c 4-9" : sales <= 30 ? "d 10-30" : "e 31+";
    }

    /** A day is unobserved when it began at zero stock or a zero snapshot was taken during it. */
    private static void markStockOuts(Path inventory, Map<String, double[]> series, LocalDate first, int days) throws Exception {
        Map<String, List<CSVRecord>> snapshots = new HashMap<>();
        for (CSVRecord r : csv(inventory)) {
            snapshots.computeIfAbsent(r.get("product_id"), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<CSVRecord>> e : snapshots.entrySet()) {
            double[] y = series.get(e.getKey());
            if (y == null) {
                continue;
            }
            List<CSVRecord> list = e.getValue();
            list.sort((a, b) -> a.get("timestamp").compareTo(b.get("timestamp")));
            double stock = Double.NaN;
            int i = 0;
            for (int t = 0; t < days; t++) {
                LocalDate d = first.plusDays(t);
                boolean out = stock == 0;
                while (i < list.size() && !day(list.get(i).get("timestamp")).isAfter(d)) {
                    stock = Double.parseDouble(list.get(i).get("on_hand"));
                    out |= stock == 0 && day(list.get(i).get("timestamp")).equals(d);
                    i++;
                }
                if (out) {
                    y[t] = Double.NaN;
                }
            }
        }
    }

    private static LocalDate day(String timestamp) {
        return LocalDate.ofInstant(Instant.parse(timestamp), ZoneOffset.UTC);
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }
}
