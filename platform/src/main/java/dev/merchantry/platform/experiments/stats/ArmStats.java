package dev.merchantry.platform.experiments.stats;

/**
 * What a variant has collected so far, as sufficient statistics of the per-unit outcome: the number of units
 * (visitors, customers, products), the sum of their outcomes and the sum of the squared outcomes. For a conversion
 * metric each unit's outcome is 0 or 1, so {@code sum == sumSquares} is the number of converted units. An amount may
 * be negative (profit per product-day of a product sold below cost); its sum of squares never is.
 */
public record ArmStats(long units, double sum, double sumSquares) {

    public ArmStats {
        if (units < 0 || !(sumSquares >= 0) || !Double.isFinite(sum) || !Double.isFinite(sumSquares)) {
            throw new IllegalArgumentException("arm statistics must be finite, with non-negative units and sum of"
                    + " squares: units=" + units + ", sum=" + sum + ", sumSquares=" + sumSquares);
        }
    }

    public static final ArmStats EMPTY = new ArmStats(0, 0, 0);

    /** {@code converted} of {@code units} units converted. */
    public static ArmStats conversions(long units, long converted) {
        if (converted > units) {
            throw new IllegalArgumentException(converted + " conversions out of " + units + " units");
        }
        return new ArmStats(units, converted, converted);
    }

    /** Mean outcome per unit (the conversion rate, or the revenue per visitor); 0 without units. */
    public double mean() {
        return units == 0 ? 0 : sum / units;
    }

    /**
     * Variance of one unit's outcome. Binomial {@code p(1 − p)} for a conversion metric (Bernoulli outcomes); the
     * unbiased sample variance otherwise (the Welch treatment: each arm keeps its own variance).
     */
    public double unitVariance(Metric metric) {
        if (units < 2) {
            return 0;
        }
        double m = mean();
        if (metric == Metric.CONVERSION) {
            return m * (1 - m);
        }
        return Math.max(0, (sumSquares - units * m * m) / (units - 1));
    }

    /** Both arms together (e.g. a running total). */
    public ArmStats plus(ArmStats other) {
        return new ArmStats(units + other.units, sum + other.sum, sumSquares + other.sumSquares);
    }
}
