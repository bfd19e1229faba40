package dev.merchantry.platform.experiments.stats;

import java.util.List;
import java.util.Locale;

/**
 * What an experiment shows, in one code and one sentence a merchant can act on. Codes: {@code collecting} (no
 * estimate yet), {@code sample_ratio_mismatch} (the split is broken: trust nothing), {@code winner} (a treatment
 * beats control), {@code control_wins} (every treatment is worse), {@code no_difference} (the planned data is in and
 * nothing was found, or the interval rules out the planned lift), {@code keep_running}.
 */
public record Verdict(String code, String words, String winner) {

    static Verdict of(SequentialAnalysis.Settings settings, List<String> variants, double[] weights,
                      List<ArmStats> totals, SampleRatio srm, List<SequentialAnalysis.Comparison> comparisons) {
        String metric = settings.metricName();
        long all = totals.stream().mapToLong(ArmStats::units).sum();
        if (srm.mismatch()) {
            double weightSum = 0;
            for (double w : weights) {
                weightSum += w;
            }
            return new Verdict("sample_ratio_mismatch", String.format(Locale.ENGLISH,
                    "Sample ratio mismatch: %s got %.1f %% of the units instead of %.1f %% (chi-square p = %.2g). "
                            + "Assignment or tracking is broken; do not trust these results.", variants.get(0),
                    100.0 * totals.get(0).units() / all, 100 * weights[0] / weightSum, srm.pValue()), null);
        }
        if (comparisons.stream().allMatch(c -> Double.isNaN(c.lift()))) {
            return new Verdict("collecting", String.format(Locale.ENGLISH,
                    "Collecting data: %,d units so far, not enough to estimate a lift yet.", all), null);
        }
        SequentialAnalysis.Comparison best = null;
        for (SequentialAnalysis.Comparison c : comparisons) {
            if (c.decided() && c.lower() > 0 && (best == null || c.lift() > best.lift())) {
                best = c;
            }
        }
        if (best != null) {
            return new Verdict("winner", String.format(Locale.ENGLISH,
                    "%s wins: %s %s against %s (%.0f %% always-valid interval %s to %s).", best.variant(),
                    SequentialAnalysis.percent(best.lift()), metric, variants.get(0),
                    100 * (1 - settings.alpha()), SequentialAnalysis.percent(best.lower()),
                    SequentialAnalysis.percent(best.upper())), best.variant());
        }
        if (comparisons.stream().allMatch(c -> c.decided() && c.upper() < 0)) {
            SequentialAnalysis.Comparison c = comparisons.get(0);
            return new Verdict("control_wins", String.format(Locale.ENGLISH,
                    "%s wins: %s is %s on %s (interval %s to %s).", variants.get(0),
                    comparisons.size() == 1 ? c.variant() : "every variant", SequentialAnalysis.percent(c.lift()),
                    metric, SequentialAnalysis.percent(c.lower()), SequentialAnalysis.percent(c.upper())),
                    variants.get(0));
        }
        boolean ruledOut = comparisons.stream().allMatch(c -> c.decided()
                || (c.lower() > -settings.mde() && c.upper() < settings.mde()));
        boolean planned = comparisons.stream().allMatch(c -> c.decided() || c.unitsNeeded() == 0);
        if (ruledOut || planned) {
            SequentialAnalysis.Comparison c = comparisons.stream().filter(x -> !x.decided()).findFirst()
                    .orElse(comparisons.get(0));
            return new Verdict("no_difference", String.format(Locale.ENGLISH,
                    "No difference: %s is between %s and %s of %s on %s; %s",
                    c.variant(), SequentialAnalysis.percent(c.lower()), SequentialAnalysis.percent(c.upper()),
                    variants.get(0), metric, ruledOut
                            ? String.format(Locale.ENGLISH, "a %.0f %% lift is ruled out.", 100 * settings.mde())
                            : "the planned sample is in. Ship either, or stop."), null);
        }
        long more = comparisons.stream().filter(c -> !c.decided()).mapToLong(SequentialAnalysis.Comparison::unitsNeeded)
                .max().orElse(-1);
        return new Verdict("keep_running", more > 0
                ? String.format(Locale.ENGLISH, "Keep running: about %,d more units to detect a %.0f %% lift.", more,
                        100 * settings.mde())
                : String.format(Locale.ENGLISH, "Keep running: no decision yet at %,d units.", all), null);
    }
}
