package dev.merchantry.platform.experiments.stats;

/**
 * The relative lift of a treatment over control, {@code mean_B / mean_A − 1}, with its variance by the delta method
 * (first-order Taylor expansion of the ratio of two independent means; e.g. Deng, Knoblich and Lu, "Applying the
 * Delta Method in Metric Analytics", KDD 2018, eq. 3):
 *
 * <pre>  Var(Ȳ_B / Ȳ_A) ≈ σ²_B / (n_B Ȳ_A²) + Ȳ_B² σ²_A / (n_A Ȳ_A⁴)</pre>
 *
 * with each arm's own unit variance σ² (binomial for conversion, the sample variance for revenue: unpooled, as in
 * Welch's test).
 */
public record Lift(double estimate, double variance) {

    /** Empty when the lift is not defined yet: an arm has fewer than two units, control's mean is 0, or nothing varies. */
    public static java.util.Optional<Lift> of(ArmStats control, ArmStats treatment, Metric metric) {
        if (control.units() < 2 || treatment.units() < 2 || control.mean() <= 0) {
            return java.util.Optional.empty();
        }
        double a = control.mean();
        double b = treatment.mean();
        double variance = treatment.unitVariance(metric) / (treatment.units() * a * a)
                + b * b * control.unitVariance(metric) / (control.units() * a * a * a * a);
        return variance > 0 ? java.util.Optional.of(new Lift(b / a - 1, variance)) : java.util.Optional.empty();
    }

    public double standardError() {
        return Math.sqrt(variance);
    }
}
