package dev.merchantry.platform.experiments.stats;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * The probability that a variant's true mean is above control's, given the data (the figure Bayesian A/B tools show
 * as "chance to beat control").
 *
 * <ul>
 *   <li>Conversion: independent Beta(1 + conversions, 1 + non-conversions) posteriors under uniform priors,
 *       {@code P(p_B > p_A) = ∫ f_B(x) F_A(x) dx}, integrated with Simpson's rule over the region holding the
 *       posteriors' mass. Checked against the closed form for integer parameters of Evan Miller, "Formulas for
 *       Bayesian A/B Testing" (2015).</li>
 *   <li>Amounts (revenue): the normal approximation of the difference of means with unpooled variances,
 *       {@code Φ((Ȳ_B − Ȳ_A) / sqrt(s²_B/n_B + s²_A/n_A))} (flat prior).</li>
 * </ul>
 */
public final class BeatControl {

    private static final int INTERVALS = 4000;

    private BeatControl() {
    }

    public static double probability(ArmStats control, ArmStats treatment, Metric metric) {
        return metric == Metric.CONVERSION ? conversion(control, treatment) : amount(control, treatment);
    }

    static double conversion(ArmStats control, ArmStats treatment) {
        BetaDistribution a = posterior(control);
        BetaDistribution b = posterior(treatment);
        // Both posteriors lie (to 1e-12) within 8 standard deviations of their means.
        double lo = Math.max(0, Math.min(a.getNumericalMean() - 8 * sd(a), b.getNumericalMean() - 8 * sd(b)));
        double hi = Math.min(1, Math.max(a.getNumericalMean() + 8 * sd(a), b.getNumericalMean() + 8 * sd(b)));
        double h = (hi - lo) / INTERVALS;
        double sum = 0;
        for (int i = 0; i <= INTERVALS; i++) {
            double x = lo + i * h;
            double f = b.density(x) * a.cumulativeProbability(x);
            if (!Double.isFinite(f)) {
                f = 0; // a density's pole at 0 or 1 (no conversions at all) carries no mass times F_A
            }
            sum += (i == 0 || i == INTERVALS ? 1 : (i % 2 == 1 ? 4 : 2)) * f;
        }
        return clamp(sum * h / 3);
    }

    static double amount(ArmStats control, ArmStats treatment) {
        if (control.units() < 2 || treatment.units() < 2) {
            return 0.5;
        }
        double var = treatment.unitVariance(Metric.REVENUE) / treatment.units()
                + control.unitVariance(Metric.REVENUE) / control.units();
        double diff = treatment.mean() - control.mean();
        if (var == 0) {
            return diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
        }
        return clamp(0.5 * Erf.erfc(-diff / Math.sqrt(2 * var)));
    }

    private static BetaDistribution posterior(ArmStats arm) {
        return new BetaDistribution(null, 1 + arm.sum(), 1 + arm.units() - arm.sum());
    }

    private static double sd(BetaDistribution d) {
        return Math.sqrt(d.getNumericalVariance());
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
