package dev.merchantry.platform.demo;

import dev.merchantry.platform.demo.Capture.Line;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generative claims of docs/demo-data.md, checked statistically on one fixed-seed medium-scale history (800
 * customers, 80 products, two years). Each tolerance is stated next to what the model predicts; the data are
 * read back through the JSON the sink received, and the latent truth only where a claim is about it.
 */
class DemoModelClaimsTest {

    private static final DemoScale MEDIUM = new DemoScale(800, 80, 730);

    /** One generation shared by the tests of this class (about half a second). */
    private static final class Medium {
        static final Capture DATA = Capture.generate(MEDIUM, 2024);
    }

    private static Capture data() {
        return Medium.DATA;
    }

    @Test
    void weekendDaysSellMoreThanWeekdays() {
        // Model: ω(Sat), ω(Sun) = 1.30, 1.40 vs 0.90, 0.85, 0.90, 0.95, 1.00 ⇒ ratio of means 1.35 / 0.92 ≈ 1.47.
        double[] units = new double[7];
        int[] days = new int[7];
        Instant start = data().generator.start();
        for (int d = 0; d < MEDIUM.days(); d++) {
            days[start.plusSeconds(86_400L * d).atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1]++;
        }
        for (Line l : data().lines()) {
            units[l.at().atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1] += l.quantity();
        }
        double weekday = 0;
        double weekend = 0;
        int weekdayDays = 0;
        int weekendDays = 0;
        for (int k = 0; k < 7; k++) {
            if (k + 1 >= DayOfWeek.SATURDAY.getValue()) {
                weekend += units[k];
                weekendDays += days[k];
            } else {
                weekday += units[k];
                weekdayDays += days[k];
            }
        }
        double ratio = (weekend / weekendDays) / (weekday / weekdayDays);
        assertTrue(ratio > 1.25 && ratio < 1.75, "weekend/weekday units per day " + ratio + " (model ≈ 1.47)");
    }

    @Test
    void seasonalCategoriesPeakInTheirSeason() {
        // Model: skis peak mid-December (A = 1.2): Dec–Feb / Jun–Aug ≈ exp(1.2·(0.85 + 0.75)) ≈ 7;
        // tents peak end of June (A = 0.8): Jun–Aug / Dec–Feb ≈ exp(0.8·1.8) ≈ 4. Asserted: > 3 and > 2.
        double[][] byMonth = new double[8][13];
        for (Line l : data().lines()) {
            int c = data().truth().productCategory[l.product()];
            byMonth[c][l.month()] += l.quantity();
        }
        int ski = data().truth().categoryNames.indexOf("Ski & Snowboard");
        int tents = data().truth().categoryNames.indexOf("Tents & Shelters");
        double skiWinter = byMonth[ski][12] + byMonth[ski][1] + byMonth[ski][2];
        double skiSummer = byMonth[ski][6] + byMonth[ski][7] + byMonth[ski][8];
        double tentWinter = byMonth[tents][12] + byMonth[tents][1] + byMonth[tents][2];
        double tentSummer = byMonth[tents][6] + byMonth[tents][7] + byMonth[tents][8];
        assertTrue(skiWinter > 3 * skiSummer, "ski winter " + skiWinter + " vs summer " + skiSummer);
        assertTrue(tentSummer > 2 * tentWinter, "tents summer " + tentSummer + " vs winter " + tentWinter);
    }

    @Test
    void demandFallsWithRelativePriceAndMoreSoForElasticProducts() {
        // Per product: units per in-stock day at a price ≤ 0.90 × list vs ≥ 1.10 × list. Model: the buy probability
        // scales as (price/list)^−ε, so the ratio is ≈ (0.85/1.15)^−ε ≈ 1.83 at ε = 2 (1.35 at ε = 1, 2.5 at ε = 3).
        Capture c = data();
        DemoDataGenerator.Truth truth = c.truth();
        int n = c.products.size();
        double[][] units = new double[n][2];
        double[][] days = new double[n][2];
        boolean[][] out = c.stockOutDays();
        double[][] sold = new double[n][MEDIUM.days()];
        for (Line l : c.lines()) {
            sold[l.product()][l.day()] += l.quantity();
        }
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < MEDIUM.days(); d++) {
                if (out[j][d] || !truth.products.get(j).activeOn(d)) {
                    continue;
                }
                double relative = truth.price(j, d) / truth.listPrice[j];
                int bucket = relative <= 0.9001 ? 0 : relative >= 1.0999 ? 1 : -1;
                if (bucket >= 0) {
                    units[j][bucket] += sold[j][d];
                    days[j][bucket]++;
                }
            }
        }
        List<double[]> ratios = new ArrayList<>(); // {ε, log ratio}
        for (int j = 0; j < n; j++) {
            if (days[j][0] >= 30 && days[j][1] >= 30 && units[j][0] + units[j][1] >= 20) {
                double low = (units[j][0] + 0.5) / days[j][0];
                double high = (units[j][1] + 0.5) / days[j][1];
                ratios.add(new double[] {truth.elasticity[j], Math.log(low / high)});
            }
        }
        assertTrue(ratios.size() >= 40, "products with both price levels: " + ratios.size());
        double mean = ratios.stream().mapToDouble(r -> r[1]).average().orElseThrow();
        assertTrue(Math.exp(mean) > 1.3, "geometric mean low/high price demand ratio " + Math.exp(mean) + " (model ≈ 1.8)");
        double elastic = ratios.stream().filter(r -> r[0] > 2).mapToDouble(r -> r[1]).average().orElseThrow();
        double inelastic = ratios.stream().filter(r -> r[0] <= 2).mapToDouble(r -> r[1]).average().orElseThrow();
        assertTrue(elastic > inelastic, "ε > 2 products react more: " + elastic + " vs " + inelastic);
    }

    @Test
    void purchaseCountsAreOverDispersedCustomersJoinOverTimeAndDropOut() {
        Capture c = data();
        int[] orders = new int[MEDIUM.customers()];
        int[] firstDay = new int[MEDIUM.customers()];
        int[] lastDay = new int[MEDIUM.customers()];
        Arrays.fill(firstDay, Integer.MAX_VALUE);
        Arrays.fill(lastDay, -1);
        for (JsonObject e : c.events) {
            if (e.containsKey("customer_id")) {
                int i = Capture.customerIndex(e.getString("customer_id"));
                int day = c.day(e.getString("timestamp"));
                firstDay[i] = Math.min(firstDay[i], day);
                if (e.getString("type").equals("Order Completed")) {
                    orders[i]++;
                    lastDay[i] = day;
                }
            }
        }
        double mean = Arrays.stream(orders).average().orElseThrow();
        double variance = Arrays.stream(orders).mapToDouble(k -> (k - mean) * (k - mean)).sum() / (orders.length - 1);
        // Gamma-mixed rates (r = 0.24) make counts far more variable than Poisson (variance = mean).
        assertTrue(variance > 3 * mean, "orders per customer: mean " + mean + ", variance " + variance);

        // Customers join over time: density ∝ 1 + 1.5·t/D for the 70 % acquired during the history ⇒ about
        // 0.7 × 0.61 ≈ 43 % first seen in the second half (asserted ≥ 30 %).
        long secondHalf = Arrays.stream(firstDay).filter(d -> d >= MEDIUM.days() / 2 && d < Integer.MAX_VALUE).count();
        assertTrue(secondHalf >= 0.3 * MEDIUM.customers(), "first seen in the second half: " + secondHalf);

        // Drop-out: p ~ Beta(0.79, 2.43) after each repeat purchase ⇒ about half the customers are dead at the end.
        DemoDataGenerator.Truth truth = c.truth();
        long born = 0;
        long dead = 0;
        for (int i = 0; i < orders.length; i++) {
            if (truth.born[i]) {
                born++;
                dead += truth.aliveAtEnd[i] ? 0 : 1;
            }
        }
        assertTrue(dead >= 0.3 * born, "dead at the end: " + dead + " of " + born);
        // And visibly so: of the customers who bought in the first year, most bought nothing in the last 180 days.
        long early = 0;
        long quiet = 0;
        for (int i = 0; i < orders.length; i++) {
            if (orders[i] > 0 && firstDay[i] < 365) {
                early++;
                quiet += lastDay[i] < MEDIUM.days() - 180 ? 1 : 0;
            }
        }
        assertTrue(quiet >= 0.4 * early, "inactive in the last 180 days: " + quiet + " of " + early);
    }

    @Test
    void customersBuyMostlyInTheirPreferredCategories() {
        // θ_i ~ Dirichlet(3·π): the preferred category holds ≈ 48 % of a customer's taste vs its ≈ 13 % share of
        // all sales. Asserted: the mean share of a customer's lines in their argmax-θ category is > 2 × chance.
        Capture c = data();
        DemoDataGenerator.Truth truth = c.truth();
        Map<Integer, int[]> perCustomer = new HashMap<>();
        double[] overall = new double[8];
        for (Line l : c.lines()) {
            int cat = truth.productCategory[l.product()];
            perCustomer.computeIfAbsent(Capture.customerIndex(l.customer()), k -> new int[8])[cat]++;
            overall[cat]++;
        }
        double total = Arrays.stream(overall).sum();
        double share = 0;
        double chance = 0;
        int customers = 0;
        for (Map.Entry<Integer, int[]> e : perCustomer.entrySet()) {
            int[] counts = e.getValue();
            int lines = Arrays.stream(counts).sum();
            if (lines < 5) {
                continue;
            }
            double[] theta = truth.theta[e.getKey()];
            int preferred = 0;
            for (int k = 1; k < theta.length; k++) {
                preferred = theta[k] > theta[preferred] ? k : preferred;
            }
            share += (double) counts[preferred] / lines;
            chance += overall[preferred] / total;
            customers++;
        }
        assertTrue(customers >= 100, "customers with 5+ lines: " + customers);
        assertTrue(share > 2 * chance, "preferred-category share " + share / customers + " vs chance " + chance / customers);
    }

    @Test
    void viewsAndRatingsFollowTheLatentAffinity() {
        // Product choice ∝ exp(a_ij) with a_ij ~ N(0, 1) a priori ⇒ E[a | viewed] ≈ 0.85 (asserted > 0.5);
        // rating = round½(3.5 + q_j + 0.8·a_ij + b_i + noise) ⇒ corr(rating, a) ≈ 0.6 (asserted > 0.35).
        Capture c = data();
        DemoDataGenerator.Truth truth = c.truth();
        double viewed = 0;
        int views = 0;
        List<double[]> ratings = new ArrayList<>();
        for (JsonObject e : c.events) {
            if (!e.containsKey("customer_id")) {
                continue;
            }
            int i = Capture.customerIndex(e.getString("customer_id"));
            JsonObject props = e.getJsonObject("properties");
            switch (e.getString("type")) {
                case "Product Viewed" -> {
                    viewed += truth.affinity(i, c.productIndex().get(props.getString("product_id")));
                    views++;
                }
                case "Product Reviewed" -> ratings.add(new double[] {props.getDouble("rating"),
                        truth.affinity(i, c.productIndex().get(props.getString("product_id")))});
                default -> {
                }
            }
        }
        assertTrue(viewed / views > 0.5, "mean affinity of viewed products " + viewed / views);
        assertTrue(ratings.size() >= 300, "ratings: " + ratings.size());
        double correlation = correlation(ratings);
        assertTrue(correlation > 0.35, "corr(rating, affinity) " + correlation);
    }

    private static double correlation(List<double[]> xy) {
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = xy.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : xy) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void nothingSellsWhileOutOfStockAndStockOutsAreOccasional() {
        Capture c = data();
        Map<Integer, List<long[]>> stockOuts = c.stockOuts();
        Map<Integer, List<Long>> saleTimes = new HashMap<>();
        for (Line l : c.lines()) {
            saleTimes.computeIfAbsent(l.product(), k -> new ArrayList<>()).add(l.at().getEpochSecond());
        }
        int episodes = 0;
        int multiDay = 0;
        for (Map.Entry<Integer, List<long[]>> e : stockOuts.entrySet()) {
            for (long[] iv : e.getValue()) {
                episodes++;
                multiDay += iv[1] - iv[0] >= 2 * 86_400 ? 1 : 0;
                for (long t : saleTimes.getOrDefault(e.getKey(), List.of())) {
                    assertTrue(t <= iv[0] || t >= iv[1], "product " + e.getKey() + " sold while out of stock");
                }
            }
        }
        assertTrue(episodes >= 20 && multiDay >= 10, "stock-outs: " + episodes + ", of 2+ days: " + multiDay);
        // Occasional: the platform's stock-out days (0 at any moment of the day) are a few percent of product-days.
        boolean[][] out = c.stockOutDays();
        long outDays = Arrays.stream(out).mapToLong(row -> {
            long k = 0;
            for (boolean b : row) {
                k += b ? 1 : 0;
            }
            return k;
        }).sum();
        double share = (double) outDays / ((long) c.products.size() * MEDIUM.days());
        assertTrue(share > 0.005 && share < 0.12, "stock-out day share " + share);
        // On full stock-out days (0 all day) nothing sold: implied above; check the day-level view directly too.
        for (Line l : c.lines()) {
            long dayStart = c.generator.start().getEpochSecond() + 86_400L * l.day();
            for (long[] iv : stockOuts.getOrDefault(l.product(), List.of())) {
                assertTrue(!(iv[0] <= dayStart && iv[1] >= dayStart + 86_400), "sale on a full stock-out day");
            }
        }
    }

    @Test
    void defaultScaleHasTheAdvertisedSize() {
        Capture c = Capture.generate(DemoScale.DEFAULT, 42);
        Map<String, Integer> byType = new HashMap<>();
        Set<String> customers = new java.util.HashSet<>();
        for (JsonObject e : c.events) {
            byType.merge(e.getString("type"), 1, Integer::sum);
            if (e.containsKey("customer_id")) {
                customers.add(e.getString("customer_id"));
            }
        }
        int orders = byType.get("Order Completed");
        System.out.printf("demo default scale: %d products, %d customers, %d events %s, %d inventory snapshots, %d ms%n",
                c.products.size(), customers.size(), c.events.size(), byType, c.inventory.size(), c.millis);
        assertEquals(300, c.products.size());
        // Customers acquired before the history with a near-zero rate may never show up in two years (≈ 10 %).
        assertTrue(customers.size() <= 2000 && customers.size() >= 1600, "customers " + customers.size());
        assertTrue(c.events.size() <= 150_000, "events " + c.events.size());
        assertTrue(orders >= 15_000 && orders <= 30_000, "orders " + orders);
        int views = byType.get("Product Viewed");
        assertTrue(byType.values().stream().allMatch(k -> k <= views), "views dominate: " + byType);
        // Weekly snapshots: ~300 products × 105 Mondays, plus stock-out and restock snapshots.
        assertTrue(c.inventory.size() >= 300 * 100 && c.inventory.size() <= 300 * 130, "snapshots " + c.inventory.size());
        assertTrue(c.millis < 15_000, "generation took " + c.millis + " ms");
    }
}
