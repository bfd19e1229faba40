package dev.merchantry.bench;

import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A shop's customers generated on the fly (nothing is held in memory: each customer is derived from the seed and
 * her index, so every pass yields the same customers): 10 % prospects who only browse; buyers join uniformly over
 * two years and buy by BG/NBD with the CDNOW estimates (r 0.243, α 4.414 per week, a 0.793, b 2.426), orders worth
 * Gamma(6.25, ν), ν ~ Gamma(3.74, 15.44), split over 1–3 lines in the customer's favourite of 8 categories (or any),
 * 20 % of orders with a 10 % discount, 2–10 product views per order.
 */
final class SimulatedCustomers {

    static final String[] CATEGORIES = {"Tents", "Sleeping", "Backpacks", "Footwear", "Clothing", "Ski", "Climbing",
        "Kitchen"};
    static final double HISTORY_WEEKS = 104;

    private SimulatedCustomers() {
    }

    static CustomerData of(int customers, long seed, Instant asOf) {
        return new CustomerData(asOf, customers, () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < customers;
            }

            @Override
            public CustomerHistory next() {
                if (next >= customers) {
                    throw new NoSuchElementException();
                }
                return customer(next++, seed, asOf);
            }
        });
    }

    static CustomerHistory customer(int index, long seed, Instant asOf) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
        String id = String.format("c%08d", index);
        long end = asOf.toEpochMilli();
        double weekMs = 7 * 86_400_000.0;
        double joined = HISTORY_WEEKS * rng.nextDouble();
        long first = end - (long) ((HISTORY_WEEKS - joined) * weekMs);
        if (rng.nextDouble() < 0.1) {
            return new CustomerHistory(id, Instant.ofEpochMilli(first), Instant.ofEpochMilli(first + 600_000L), List.of(),
                    1 + rng.nextInt(8), rng.nextInt(2));
        }
        double lambda = gamma(rng, 0.243) / 4.414;
        double p = beta(rng, 0.793, 2.426);
        double nu = gamma(rng, 3.74) / 15.44;
        int favourite = rng.nextInt(CATEGORIES.length);
        List<Order> orders = new ArrayList<>();
        double t = joined;
        long views = 0;
        int k = 0;
        while (true) {
            double value = gamma(rng, 6.25) / nu;
            int lines = 1 + rng.nextInt(3);
            List<OrderLine> items = new ArrayList<>(lines);
            for (int l = 0; l < lines; l++) {
                String category = rng.nextDouble() < 0.6 ? CATEGORIES[favourite] : CATEGORIES[rng.nextInt(CATEGORIES.length)];
                items.add(new OrderLine("p" + rng.nextInt(5000), category, 1, value / lines));
            }
            double discount = rng.nextDouble() < 0.2 ? value * 0.1 : 0;
            long at = end - (long) ((HISTORY_WEEKS - t) * weekMs);
            orders.add(new Order(id + "-" + k++, Instant.ofEpochMilli(at), value - discount, discount, items));
            views += 2 + rng.nextInt(9);
            t += -Math.log(1 - rng.nextDouble()) / lambda;
            if (t >= HISTORY_WEEKS || (orders.size() > 1 && rng.nextDouble() < p)) {
                break;
            }
        }
        return new CustomerHistory(id, Instant.ofEpochMilli(first), orders.get(orders.size() - 1).timestamp(), orders,
                views, views / 4);
    }

    /** Gamma(shape, 1) by Marsaglia &amp; Tsang (2000), with the shape &lt; 1 boost. */
    static double gamma(SplittableRandom rng, double shape) {
        if (shape < 1) {
            return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(rng);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    static double beta(SplittableRandom rng, double a, double b) {
        double x = gamma(rng, a);
        return x / (x + gamma(rng, b));
    }

    private static double normal(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
