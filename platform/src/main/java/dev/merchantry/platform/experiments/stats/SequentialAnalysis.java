package dev.merchantry.platform.experiments.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an experiment the way a merchant looks at it — once a day — and says what it shows: for every variant
 * against control (the first arm) the relative lift with its always-valid confidence interval and p-value (the
 * {@link MixtureSprt} run over the daily looks: running minimum of the p-value, intersection of the intervals), the
 * probability to beat control, the sample-ratio check on the latest totals, the units still needed to detect the
 * planned lift, and a {@link Verdict} in plain words. With more than one treatment the level is split between the
 * comparisons (Bonferroni), so the chance of any false winner stays at most α.
 */
public final class SequentialAnalysis {

    /**
     * How an experiment is judged. {@code mde}: the relative lift the test is tuned for (also the mixing τ);
     * {@code metricName}: what the verdict calls the metric ("conversion", "profit per product-day" …).
     */
    public record Settings(Metric metric, double alpha, double mde, int plannedLooks, double power, String metricName) {
        public static final double DEFAULT_ALPHA = 0.05;
        public static final double DEFAULT_MDE = 0.05;
        public static final int DEFAULT_LOOKS = 28;
        public static final double DEFAULT_POWER = 0.8;

        public Settings {
            if (!(alpha > 0 && alpha < 1) || !(mde > 0) || plannedLooks < 1 || !(power > 0 && power < 1)) {
                throw new IllegalArgumentException("invalid settings: alpha=" + alpha + ", mde=" + mde + ", looks="
                        + plannedLooks + ", power=" + power);
            }
            if (metricName == null) {
                metricName = metric == Metric.CONVERSION ? "conversion" : "revenue per unit";
            }
        }

        /** With the metric's generic name. */
        public Settings(Metric metric, double alpha, double mde, int plannedLooks, double power) {
            this(metric, alpha, mde, plannedLooks, power, null);
        }

        public static Settings defaults(Metric metric) {
            return new Settings(metric, DEFAULT_ALPHA, DEFAULT_MDE, DEFAULT_LOOKS, DEFAULT_POWER);
        }

        public Settings withLooks(int looks) {
            return new Settings(metric, alpha, mde, looks, power, metricName);
        }
    }

    /**
     * One treatment against control. Lift figures are null (NaN) until the lift is defined (both arms have units and
     * control a positive mean). {@code decidedAtLook}: the 1-based look at which the test first decided, or 0.
     */
    public record Comparison(String variant, double lift, double lower, double upper, double pValue,
                             int decidedAtLook, double probabilityToBeat, long unitsNeeded) {
        public boolean decided() {
            return decidedAtLook > 0;
        }
    }

    public record Result(List<String> variants, List<ArmStats> totals, SampleRatio sampleRatio,
                         List<Comparison> comparisons, Verdict verdict, double alphaPerComparison) {
    }

    private SequentialAnalysis() {
    }

    /**
     * @param variants variant ids, control first
     * @param weights  the variants' intended weights
     * @param looks    cumulative statistics per variant at each look, oldest first (at least one)
     */
    public static Result analyze(Settings settings, List<String> variants, double[] weights, List<List<ArmStats>> looks) {
        int arms = variants.size();
        if (arms < 2 || weights.length != arms || looks.isEmpty()) {
            throw new IllegalArgumentException("need at least two variants, their weights and one look");
        }
        double alpha = settings.alpha() / (arms - 1);
        MixtureSprt test = new MixtureSprt(alpha, settings.mde());
        List<ArmStats> totals = looks.get(looks.size() - 1);
        long[] units = new long[arms];
        long allUnits = 0;
        for (int i = 0; i < arms; i++) {
            units[i] = totals.get(i).units();
            allUnits += units[i];
        }
        double weightSum = 0;
        for (double w : weights) {
            weightSum += w;
        }
        SampleRatio srm = SampleRatio.check(units, weights);
        List<Comparison> comparisons = new ArrayList<>();
        for (int v = 1; v < arms; v++) {
            double p = 1;
            double lower = Double.NEGATIVE_INFINITY;
            double upper = Double.POSITIVE_INFINITY;
            double lift = Double.NaN;
            int decidedAt = 0;
            for (int k = 0; k < looks.size(); k++) {
                var estimate = Lift.of(looks.get(k).get(0), looks.get(k).get(v), settings.metric());
                if (estimate.isEmpty()) {
                    continue;
                }
                Lift l = estimate.get();
                lift = l.estimate();
                p = Math.min(p, test.pValue(l.estimate(), l.variance(), 0));
                double h = test.halfWidth(l.variance());
                // The running intersection; on the rare look where it would be empty, the newest interval stands.
                double lo = Math.max(lower, l.estimate() - h);
                double hi = Math.min(upper, l.estimate() + h);
                if (lo <= hi) {
                    lower = lo;
                    upper = hi;
                } else {
                    lower = l.estimate() - h;
                    upper = l.estimate() + h;
                }
                if (decidedAt == 0 && p <= alpha) {
                    decidedAt = k + 1;
                }
            }
            ArmStats control = totals.get(0);
            ArmStats treatment = totals.get(v);
            double beat = control.units() > 0 && treatment.units() > 0
                    ? BeatControl.probability(control, treatment, settings.metric()) : Double.NaN;
            // a decided comparison needs nothing more
            long needed = Double.isNaN(lift) ? -1 : decidedAt > 0 ? 0 : unitsNeeded(settings, test, control, weights[0], weights[v],
                    weightSum, allUnits);
            comparisons.add(new Comparison(variants.get(v), lift, Double.isNaN(lift) ? Double.NaN : lower,
                    Double.isNaN(lift) ? Double.NaN : upper, p, decidedAt, beat, needed));
        }
        Verdict verdict = Verdict.of(settings, variants, weights, totals, srm, comparisons);
        return new Result(List.copyOf(variants), List.copyOf(totals), srm, List.copyOf(comparisons), verdict, alpha);
    }

    /**
     * Units of the whole experiment still needed for the planned power at the planned lift, given control's mean and
     * variance so far: the {@link SequentialDesign} sample size for this pair, scaled to all variants by weight.
     */
    private static long unitsNeeded(Settings settings, MixtureSprt test, ArmStats control, double controlWeight,
                                    double treatmentWeight, double weightSum, long allUnits) {
        double mean = control.mean();
        double share = treatmentWeight / (controlWeight + treatmentWeight);
        SequentialDesign design;
        if (settings.metric() == Metric.CONVERSION) {
            if (!(mean > 0 && mean * (1 + settings.mde()) < 1)) {
                return -1;
            }
            design = SequentialDesign.conversion(mean, settings.mde(), share, test, settings.plannedLooks());
        } else {
            double var = control.unitVariance(Metric.REVENUE);
            if (!(mean > 0 && var > 0)) {
                return -1;
            }
            design = SequentialDesign.amount(mean, var, settings.mde(), share, test, settings.plannedLooks());
        }
        long pair = design.unitsFor(settings.power());
        if (pair > SequentialDesign.MAX_UNITS) {
            return -1;
        }
        long total = (long) Math.ceil(pair * weightSum / (controlWeight + treatmentWeight));
        return Math.max(0, total - allUnits);
    }

    static String percent(double x) {
        return String.format(Locale.ENGLISH, "%+.1f %%", 100 * x);
    }
}
