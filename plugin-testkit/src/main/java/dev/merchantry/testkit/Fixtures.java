package dev.merchantry.testkit;

import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small deterministic synthetic data sets (generated from a seed) for contract tests: interactions with latent
 * tastes, baskets and a catalog; demand series of every awkward shape; customers with orders; pricing contexts.
 */
public final class Fixtures {

    /** The instant all fixtures are "as of". */
    public static final Instant AS_OF = Instant.parse("2026-06-30T00:00:00Z");
    private static final long DAY = 86_400_000L;
    private static final String[] CATEGORIES = {"Shoes", "Tents", "Jackets", "Packs"};

    private Fixtures() {
    }

    /**
     * 40 users × 60 items in 4 categories; each user prefers one category (latent taste) and has 8–15 interactions
     * over the last 90 days. Explicit data are ratings 1–5 (higher in the preferred category); implicit data are
     * event weights 1 (view), 3 (cart) or 5 (purchase).
     */
    public static RecommenderData interactions(boolean explicit, long seed) {
        Random random = new Random(seed);
        Interactions.Builder b = Interactions.builder(explicit);
        Map<String, CatalogItem> catalog = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            String id = "p" + i;
            catalog.put(id, new CatalogItem(id, "SKU-" + i, "Product " + i, CATEGORIES[i % 4], 10 + i, 5 + i / 2.0,
                    "EUR", i == 59, 10));
        }
        List<Basket> baskets = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            int taste = u % 4;
            int n = 8 + random.nextInt(8);
            List<String> basket = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                boolean inTaste = random.nextDouble() < 0.8;
                int category = inTaste ? taste : random.nextInt(4);
                int item = category + 4 * random.nextInt(15);
                long ts = AS_OF.toEpochMilli() - (long) (random.nextDouble() * 90 * DAY);
                double value = explicit ? (inTaste ? 4 + random.nextInt(2) : 1 + random.nextInt(3))
                        : new double[] {1, 1, 1, 3, 5}[random.nextInt(5)];
                b.add("u" + u, "p" + item, value, ts);
                if (basket.size() < 4) {
                    basket.add("p" + item);
                }
            }
            baskets.add(new Basket("b" + u, "u" + u, AS_OF.toEpochMilli() - u * DAY, List.copyOf(basket)));
        }
        return new RecommenderData(b.build(), baskets, catalog, AS_OF);
    }

    /** Monthly demand with trend and yearly season plus noise, 72 points. */
    public static TimeSeries seasonalMonthly(long seed) {
        Random random = new Random(seed);
        double[] v = new double[72];
        for (int t = 0; t < v.length; t++) {
            v[t] = 100 + 0.8 * t + 20 * Math.sin(2 * Math.PI * t / 12) + random.nextGaussian() * 4;
        }
        return TimeSeries.of("monthly", Frequency.MONTHLY, LocalDate.of(2020, 1, 1), v);
    }

    /** Daily demand with a weekly cycle, 120 points, some stock-out gaps (NaN). */
    public static TimeSeries gappyDaily(long seed) {
        Random random = new Random(seed);
        double[] v = new double[120];
        for (int t = 0; t < v.length; t++) {
            v[t] = Math.max(0, Math.round(20 + 6 * Math.cos(2 * Math.PI * t / 7) + random.nextGaussian() * 3));
        }
        for (int t = 50; t < 54; t++) {
            v[t] = Double.NaN;
        }
        v[99] = Double.NaN;
        return TimeSeries.of("daily", Frequency.DAILY, LocalDate.of(2026, 1, 1), v);
    }

    /** Mostly zeros with occasional small demands (Croston territory). */
    public static TimeSeries intermittent(long seed) {
        Random random = new Random(seed);
        double[] v = new double[100];
        for (int t = 0; t < v.length; t++) {
            v[t] = random.nextDouble() < 0.12 ? 1 + random.nextInt(3) : 0;
        }
        return TimeSeries.of("intermittent", Frequency.DAILY, LocalDate.of(2026, 1, 1), v);
    }

    /** The awkward cases every forecaster must survive: empty, one point, constant, all unobserved, very short. */
    public static Map<String, TimeSeries> edgeSeries() {
        Map<String, TimeSeries> out = new LinkedHashMap<>();
        LocalDate start = LocalDate.of(2026, 1, 1);
        out.put("empty", TimeSeries.of("empty", Frequency.DAILY, start, new double[0]));
        out.put("one-point", TimeSeries.of("one-point", Frequency.DAILY, start, new double[] {5}));
        out.put("constant", TimeSeries.of("constant", Frequency.MONTHLY, start, filled(36, 7)));
        out.put("all-unobserved", TimeSeries.of("all-unobserved", Frequency.DAILY, start, filled(20, Double.NaN)));
        out.put("short", TimeSeries.of("short", Frequency.MONTHLY, start, new double[] {3, 4, 2, 5, 4}));
        out.put("zeros", TimeSeries.of("zeros", Frequency.WEEKLY, start, filled(60, 0)));
        out.put("intermittent", intermittent(7));
        out.put("gappy-daily", gappyDaily(7));
        return out;
    }

    private static double[] filled(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    /** 60 customers with 0–8 orders over two years; a few frequent buyers, many one-timers. */
    public static CustomerData customers(long seed) {
        Random random = new Random(seed);
        List<CustomerHistory> list = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            int orders = c % 10 == 0 ? 0 : (c % 3 == 0 ? 3 + random.nextInt(6) : 1 + random.nextInt(2));
            List<Order> os = new ArrayList<>();
            Instant first = AS_OF.minusMillis((long) (random.nextDouble() * 700 * DAY) + DAY);
            for (int o = 0; o < orders; o++) {
                Instant at = first.plusMillis((long) (random.nextDouble() * (AS_OF.toEpochMilli() - first.toEpochMilli())));
                double price = 10 + random.nextInt(90);
                int qty = 1 + random.nextInt(3);
                os.add(new Order("o" + c + "-" + o, at, price * qty, random.nextDouble() < 0.2 ? price * 0.1 : 0,
                        List.of(new OrderLine("p" + random.nextInt(60), CATEGORIES[random.nextInt(4)], qty, price))));
            }
            os.sort(java.util.Comparator.comparing(Order::timestamp));
            Instant last = os.isEmpty() ? first : os.get(os.size() - 1).timestamp();
            list.add(new CustomerHistory("c" + c, first, last, os, 5 + random.nextInt(50), random.nextInt(10)));
        }
        return new CustomerData(AS_OF, list.size(), list);
    }

    /** One customer with one order. */
    public static CustomerData oneCustomer() {
        Order order = new Order("o1", AS_OF.minusMillis(10 * DAY), 42, 0, List.of(new OrderLine("p1", "Shoes", 1, 42)));
        return new CustomerData(AS_OF, 1, List.of(new CustomerHistory("c1", AS_OF.minusMillis(20 * DAY),
                AS_OF.minusMillis(10 * DAY), List.of(order), 3, 1)));
    }

    /** A product at list price 20, cost 12, 100 in stock, no history. */
    public static PricingContext pricingContext() {
        return new PricingContext("p1", 20, 12, 20, 100, "EUR", List.of());
    }

    static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>(base);
        m.putAll(extra);
        return m;
    }
}
