package dev.merchantry.platform.demo;

import dev.merchantry.platform.demo.DemoCatalog.Product;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo shop's customers after its history, as visitors of a live shop (an experiment served on a
 * {@code serve --demo} node, docs/demo-data.md). A visit goes as the history's visits go: the customer picks a
 * category by taste and season, then a product by appeal, launch ramp, trend, personal affinity and premium tilt
 * (as on the history's last day). A recommendation list shown on the visit is clicked when it holds that product: the
 * shopper reaches it through the list. So a strategy's lists earn clicks in proportion to how well they anticipate
 * what each customer wants next, which the strategies cannot see but only learn from the history.
 */
public final class DemoVisitors {

    private final DemoDataGenerator.Truth truth;
    private final long seed;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> customers = new ArrayList<>();
    private final int day;
    /** Per category: its share of a visit given the season (0 without active products). */
    private final double[] season;

    private DemoVisitors(DemoDataGenerator.Truth truth, long seed) {
        this.truth = truth;
        this.seed = seed;
        this.day = truth.days - 1;
        int nCategories = truth.categoryNames.size();
        season = new double[nCategories];
        for (Product p : truth.products) {
            if (p.activeOn(day)) {
                season[p.category] = truth.catalog.season(p.category, truth.lastDate.getDayOfYear());
            }
        }
        for (int i = 0; i < truth.customerIds.length; i++) {
            index.put(truth.customerIds[i], i);
            if (truth.aliveAtEnd[i] && truth.orders[i] > 0) {
                customers.add(truth.customerIds[i]);
            }
        }
    }

    /** The visitors of the history {@code generator} generated last (its {@code generate} must have run). */
    public static DemoVisitors after(DemoDataGenerator generator) {
        if (generator.truth() == null) {
            throw new IllegalStateException("the generator has not generated a history yet");
        }
        return new DemoVisitors(generator.truth(), generator.seed());
    }

    /** The visits' own random stream, from the history's seed (not thread-safe: one per thread). */
    public RandomGenerator random() {
        return new Well19937c(new int[] {(int) (seed >>> 32), (int) seed, 5, 0x6d65_7263});
    }

    /** The customers who bought in the history and are still alive at its end, in id order. */
    public List<String> customers() {
        return List.copyOf(customers);
    }

    /**
     * How many times {@code customerId} visits in {@code days} days after the history: Poisson with the customer's
     * visit rate times their interest in the season's categories, λ_i · Σ_c θ_ic s_c(t) per day (the history's
     * visits without the weekday and daily noise, whose means are 1); 0 for an unknown customer.
     */
    public int visits(String customerId, int days, RandomGenerator rng) {
        Integer i = index.get(customerId);
        if (i == null) {
            return 0;
        }
        double interest = 0;
        for (int c = 0; c < season.length; c++) {
            interest += truth.theta[i][c] * season[c];
        }
        return DemoDataGenerator.poisson(rng, truth.lambda[i] * interest * days);
    }

    /** The product a visit of {@code customerId} goes to, or null when the customer is unknown or finds none. */
    public String visit(String customerId, RandomGenerator rng) {
        Integer i = index.get(customerId);
        if (i == null) {
            return null;
        }
        double[] category = new double[season.length];
        double total = 0;
        for (int c = 0; c < season.length; c++) {
            category[c] = truth.theta[i][c] * season[c];
            total += category[c];
        }
        int c = pick(category, total, rng);
        if (c < 0) {
            return null;
        }
        int[] members = truth.catalog.byCategory[c];
        double[] weight = new double[members.length];
        double sum = 0;
        for (int k = 0; k < members.length; k++) {
            Product p = truth.products.get(members[k]);
            if (p.activeOn(day)) {
                weight[k] = p.timeWeight(day, truth.days)
                        * Math.exp(truth.affinity(i, members[k]) + truth.premium[i] * p.logPriceRel);
                sum += weight[k];
            }
        }
        int k = pick(weight, sum, rng);
        return k < 0 ? null : truth.products.get(members[k]).id;
    }

    private static int pick(double[] weights, double total, RandomGenerator rng) {
        if (!(total > 0)) {
            return -1;
        }
        double x = rng.nextDouble() * total;
        int last = -1;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] > 0) {
                last = k;
                x -= weights[k];
                if (x < 0) {
                    return k;
                }
            }
        }
        return last;
    }
}
