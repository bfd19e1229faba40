package dev.merchantry.platform.tools.evaluation.pricing;

import dev.merchantry.platform.tools.evaluation.EvaluationException;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A known demand curve: expected units per period at a price, and a noisy draw around it. The defaults describe a
 * product with list price 20 and cost 10 that sells about 30 units per period at list price with a price elasticity
 * of about 1.5 there (docs/algorithms/pricing.md).
 */
public interface DemandModel {

    /** The demand families {@code --demand} accepts. */
    List<String> FAMILIES = List.of("linear", "logit", "constant-elasticity", "ferreira");

    /** Family name, e.g. {@code linear}. */
    String family();

    /** Every parameter with its value (defaults filled in). */
    Map<String, Double> parameters();

    double listPrice();

    double cost();

    /** Expected units in one period at {@code price}. */
    double expectedUnits(double price);

    /** Units demanded in one period at {@code price}: Poisson around the expectation (Binomial for Ferreira). */
    default long sample(double price, RandomGenerator random) {
        double mean = expectedUnits(price);
        if (!(mean > 0)) {
            return 0;
        }
        return new PoissonDistribution(random, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    /**
     * Strategy settings the family implies unless the user set them (the Ferreira case prices exactly its four
     * prices); empty for the others.
     */
    default Map<String, String> impliedSettings() {
        return Map.of();
    }

    /**
     * Builds a family from {@code --param key=value} strings.
     *
     * @throws EvaluationException naming {@code --demand} or {@code --param} and the problem
     */
    static DemandModel of(String family, Map<String, String> params) {
        Map<String, Double> defaults = switch (family == null ? "" : family) {
            case "linear" -> Linear.DEFAULTS;
            case "logit" -> Logit.DEFAULTS;
            case "constant-elasticity" -> ConstantElasticity.DEFAULTS;
            case "ferreira" -> Ferreira.DEFAULTS;
            default -> throw new EvaluationException("--demand", "must be one of " + String.join(", ", FAMILIES)
                    + "; got '" + family + "'");
        };
        Map<String, Double> p = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new EvaluationException("--param", "'" + e.getKey() + "' is not a parameter of the " + family
                        + " demand; it has " + String.join(", ", new TreeSet<>(defaults.keySet())));
            }
            double v;
            try {
                v = Double.parseDouble(e.getValue().trim());
            } catch (NumberFormatException ex) {
                throw new EvaluationException("--param", e.getKey() + " must be a number, got '" + e.getValue() + "'");
            }
            if (!Double.isFinite(v)) {
                throw new EvaluationException("--param", e.getKey() + " must be a finite number, got '" + e.getValue() + "'");
            }
            p.put(e.getKey(), v);
        }
        positive(p, Set.of("list_price", "market_size", "scale", "customers"));
        nonNegative(p, Set.of("cost", "intercept", "slope", "beta", "elasticity", "inventory"));
        if (p.get("cost") >= p.get("list_price") * 10) {
            throw new EvaluationException("--param", "cost must be below 10 × list_price, got " + p.get("cost"));
        }
        return switch (family) {
            case "linear" -> new Linear(p);
            case "logit" -> new Logit(p);
            case "constant-elasticity" -> new ConstantElasticity(p);
            default -> {
                if (p.get("customers") != Math.rint(p.get("customers"))) {
                    throw new EvaluationException("--param", "customers must be a whole number, got " + p.get("customers"));
                }
                yield new Ferreira(p);
            }
        };
    }

    private static void positive(Map<String, Double> p, Set<String> keys) {
        for (String k : keys) {
            if (p.containsKey(k) && !(p.get(k) > 0)) {
                throw new EvaluationException("--param", k + " must be positive, got " + p.get(k));
            }
        }
    }

    private static void nonNegative(Map<String, Double> p, Set<String> keys) {
        for (String k : keys) {
            if (p.containsKey(k) && p.get(k) < 0 && !(k.equals("inventory") && p.get(k) == -1)) {
                throw new EvaluationException("--param", k + " must not be negative, got " + p.get(k));
            }
        }
    }

    /** Helper for the records: a map of defaults in declaration order. */
    private static Map<String, Double> defaults(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** d(p) = max(0, intercept − slope · p). Defaults: 75 − 2.25 p (30 units at 20, elasticity 1.5 there). */
    record Linear(Map<String, Double> parameters) implements DemandModel {
        static final Map<String, Double> DEFAULTS = defaults("list_price", 20, "cost", 10, "intercept", 75,
                "slope", 2.25, "inventory", -1);

        public String family() {
            return "linear";
        }

        public double listPrice() {
            return parameters.get("list_price");
        }

        public double cost() {
            return parameters.get("cost");
        }

        public double expectedUnits(double price) {
            return Math.max(0, parameters.get("intercept") - parameters.get("slope") * price);
        }
    }

    /**
     * d(p) = market_size · e^(α − β p) / (1 + e^(α − β p)): each of market_size shoppers buys with a logit
     * probability. Defaults: 100 shoppers, α = 1.296, β = 0.107 (30 % buy at 20, elasticity 1.5 there).
     */
    record Logit(Map<String, Double> parameters) implements DemandModel {
        static final Map<String, Double> DEFAULTS = defaults("list_price", 20, "cost", 10, "market_size", 100,
                "alpha", 1.296, "beta", 0.107, "inventory", -1);

        public String family() {
            return "logit";
        }

        public double listPrice() {
            return parameters.get("list_price");
        }

        public double cost() {
            return parameters.get("cost");
        }

        public double expectedUnits(double price) {
            double u = parameters.get("alpha") - parameters.get("beta") * price;
            return parameters.get("market_size") / (1 + Math.exp(-u));
        }
    }

    /** d(p) = scale · (p / list_price)^(−elasticity). Defaults: 30 units at list price, elasticity 2. */
    record ConstantElasticity(Map<String, Double> parameters) implements DemandModel {
        static final Map<String, Double> DEFAULTS = defaults("list_price", 20, "cost", 10, "scale", 30,
                "elasticity", 2, "inventory", -1);

        public String family() {
            return "constant-elasticity";
        }

        public double listPrice() {
            return parameters.get("list_price");
        }

        public double cost() {
            return parameters.get("cost");
        }

        public double expectedUnits(double price) {
            return parameters.get("scale") * Math.pow(price / listPrice(), -parameters.get("elasticity"));
        }
    }

    /**
     * Ferreira, Simchi-Levi and Wang (2018), §5: prices 29.90, 34.90, 39.90, 44.90 with purchase probabilities 0.8,
     * 0.6, 0.3, 0.1; {@code customers} shoppers per period (1 in the paper) buy Binomially. Between the prices the
     * probability is interpolated linearly, outside them held at the end values. List price 37.40 is the midpoint,
     * so the four prices are the grid of 4 points between 0.7995 and 1.2005 × list.
     */
    record Ferreira(Map<String, Double> parameters) implements DemandModel {
        static final double[] PRICES = {29.90, 34.90, 39.90, 44.90};
        static final double[] PROBABILITIES = {0.8, 0.6, 0.3, 0.1};
        static final Map<String, Double> DEFAULTS = defaults("list_price", 37.40, "cost", 0, "customers", 1,
                "inventory", -1);

        public String family() {
            return "ferreira";
        }

        public double listPrice() {
            return parameters.get("list_price");
        }

        public double cost() {
            return parameters.get("cost");
        }

        double probability(double price) {
            if (price <= PRICES[0]) {
                return PROBABILITIES[0];
            }
            for (int k = 1; k < PRICES.length; k++) {
                if (price <= PRICES[k]) {
                    double w = (price - PRICES[k - 1]) / (PRICES[k] - PRICES[k - 1]);
                    return PROBABILITIES[k - 1] + w * (PROBABILITIES[k] - PROBABILITIES[k - 1]);
                }
            }
            return PROBABILITIES[PRICES.length - 1];
        }

        public double expectedUnits(double price) {
            return parameters.get("customers") * probability(price);
        }

        @Override
        public long sample(double price, RandomGenerator random) {
            return new BinomialDistribution(random, (int) Math.round(parameters.get("customers")), probability(price))
                    .sample();
        }

        @Override
        public Map<String, String> impliedSettings() {
            double list = listPrice();
            return Map.of("price_points", "4",
                    "min_price_ratio", String.format(Locale.ROOT, "%.10f", PRICES[0] / list),
                    "max_price_ratio", String.format(Locale.ROOT, "%.10f", PRICES[3] / list),
                    "max_change_ratio", "0.5");
        }
    }
}
