package dev.merchantry.platform.cli;

import dev.merchantry.platform.experiments.stats.ExperimentSimulator;
import dev.merchantry.platform.experiments.stats.MixtureSprt;
import dev.merchantry.platform.experiments.stats.SampleRatio;
import dev.merchantry.platform.experiments.stats.SequentialDesign;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code merchantry evaluate experiment}: simulated conversion experiments through the experiments' statistics
 * (the same {@code experiments.stats} classes the results endpoint runs), to show what the always-valid test
 * promises: A/A experiments looked at daily keep the false-positive rate at α where a peeked t-test does not, and a
 * true lift is found with the planned power.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate A/B experiments on conversion data and report the false-positive rate (--aa N) or "
                + "the power and time to decision (--lift L) of the always-valid test (mSPRT) looked at once a "
                + "day, beside a fixed-horizon t-test peeked at daily and looked at once.",
            "Each day visitors/peeks visitors arrive, are split by --share and convert with the arm's probability."},
        footer = {"", "Examples:", "  merchantry evaluate experiment --aa 1000 --peeks 28 --format json",
            "  merchantry evaluate experiment --lift 0.05 --peeks 28          (visitors planned for --power)",
            "  merchantry evaluate experiment --lift 0.05 --visitors 400000"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the simulation ran", "2:invalid command line"})
final class EvaluateExperimentCommand implements Callable<Integer> {

    @Option(names = "--aa", paramLabel = "N", description = "simulate N A/A experiments (no true difference)")
    Integer aa;

    @Option(names = "--lift", paramLabel = "L", description = "simulate experiments with this true relative lift of "
            + "the treatment's conversion rate, e.g. 0.05 for +5 %%")
    Double lift;

    @Option(names = "--experiments", defaultValue = "1000", paramLabel = "N",
            description = "experiments to simulate with --lift (default: ${DEFAULT-VALUE})")
    int experiments;

    @Option(names = "--peeks", defaultValue = "28", paramLabel = "K",
            description = "days, one look per day (default: ${DEFAULT-VALUE})")
    int peeks;

    @Option(names = "--visitors", paramLabel = "V", description = "visitors per experiment over all days, both arms "
            + "(default: 100,000 for --aa; for --lift the sample the sequential design plans for --power)")
    Long visitors;

    @Option(names = "--baseline", defaultValue = "0.05", paramLabel = "P",
            description = "control's conversion rate (default: ${DEFAULT-VALUE})")
    double baseline;

    @Option(names = "--alpha", defaultValue = "0.05", description = "significance level (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--mde", paramLabel = "L", description = "relative lift the test is tuned for, its mixing "
            + "standard deviation (default: --lift, or 0.05 for --aa)")
    Double mde;

    @Option(names = "--power", defaultValue = "0.8", description = "power to plan --visitors for (default: ${DEFAULT-VALUE})")
    double power;

    @Option(names = "--share", defaultValue = "0.5", description = "treatment's share of visitors (default: ${DEFAULT-VALUE})")
    double share;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    EvaluationOptions.Format format;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((aa == null) == (lift == null)) {
            throw new EvaluationException("--aa", "give exactly one of --aa N (A/A experiments) and --lift L");
        }
        int n = aa != null ? aa : experiments;
        double trueLift = aa != null ? 0 : lift;
        String nName = aa != null ? "--aa" : "--experiments";
        check(n >= 1 && n <= 1_000_000, nName, "must be between 1 and 1,000,000, got " + n);
        check(peeks >= 1 && peeks <= 365, "--peeks", "must be between 1 and 365, got " + peeks);
        check(baseline > 0 && baseline < 1, "--baseline", "must be strictly between 0 and 1, got " + baseline);
        check(alpha > 0 && alpha < 0.5, "--alpha", "must be strictly between 0 and 0.5, got " + alpha);
        check(power > 0 && power < 1, "--power", "must be strictly between 0 and 1, got " + power);
        check(share > 0 && share < 1, "--share", "must be strictly between 0 and 1, got " + share);
        check(aa != null || (trueLift != 0 && trueLift > -1), "--lift", "must be a non-zero relative lift above -1, "
                + "got " + trueLift + " (use --aa for no difference)");
        check(baseline * (1 + trueLift) < 1, "--lift", "makes the treatment's conversion rate "
                + baseline * (1 + trueLift) + ", not below 1");
        double tuned = mde != null ? mde : aa != null ? 0.05 : Math.abs(trueLift);
        check(tuned > 0 && tuned < 10, "--mde", "must be a positive relative lift below 10, got " + tuned);
        MixtureSprt test = new MixtureSprt(alpha, tuned);
        long planned = -1;
        long v;
        if (visitors != null) {
            v = visitors;
        } else if (aa != null) {
            v = 100_000;
        } else {
            planned = SequentialDesign.conversion(baseline, trueLift, share, test, peeks).unitsFor(power);
            check(planned <= SequentialDesign.MAX_UNITS, "--lift", "is too small to detect with fewer than "
                    + SequentialDesign.MAX_UNITS + " visitors");
            v = planned;
        }
        check(v >= 2L * peeks && v <= 10_000_000_000L, "--visitors", "must be between 2 per day and 10 billion, got " + v);
        ExperimentSimulator.Report r = ExperimentSimulator.run(new ExperimentSimulator.Plan(n, peeks, v, baseline,
                trueLift, share, alpha, tuned, seed));
        PrintWriter out = spec.commandLine().getOut();
        if (format == EvaluationOptions.Format.json) {
            out.println(json(r, planned).encodePrettily());
        } else {
            table(out, r, planned);
        }
        out.flush();
        return 0;
    }

    private JsonObject json(ExperimentSimulator.Report r, long planned) {
        ExperimentSimulator.Plan p = r.plan();
        boolean aaRun = p.lift() == 0;
        JsonObject sequential = new JsonObject()
                .put(aaRun ? "false_positive_rate" : "power", r.sequentialDecided())
                .put("standard_error", r.standardError())
                .put(aaRun ? "planned_false_positive_rate" : "planned_power", r.plannedDecision())
                .put("median_decision_day", r.medianDecisionDay())
                .put("mean_visitors_at_decision", r.meanVisitorsAtDecision());
        if (!aaRun) {
            sequential.put("wrong_direction_rate", r.sequentialWrongSign());
        }
        JsonObject out = new JsonObject().put("mode", aaRun ? "aa" : "lift").put("experiments", p.experiments())
                .put("peeks", p.days()).put("visitors", p.visitors()).put("baseline", p.baseline())
                .put("lift", p.lift()).put("treatment_share", p.treatmentShare()).put("alpha", p.alpha())
                .put("mde", p.mde()).put("seed", p.seed())
                .put("msprt", sequential)
                .put("t_test_peeked_daily", new JsonObject().put(aaRun ? "false_positive_rate" : "power",
                        r.peekedTTestDecided()))
                .put("t_test_last_day_only", new JsonObject().put(aaRun ? "false_positive_rate" : "power",
                        r.finalTTestDecided()));
        if (planned > 0) {
            out.put("planned_visitors", planned).put("target_power", power);
        }
        if (aaRun) {
            out.put("sample_ratio_examples", srmExamples());
        }
        return out;
    }

    private void table(PrintWriter out, ExperimentSimulator.Report r, long planned) {
        ExperimentSimulator.Plan p = r.plan();
        boolean aaRun = p.lift() == 0;
        String what = aaRun ? "false-positive rate" : "power";
        out.printf(Locale.ENGLISH, "%,d simulated %s experiments, %d daily looks, %,d visitors each, baseline "
                        + "conversion %.2f %%%s, alpha %.3f, mSPRT tuned for %.1f %%%n", p.experiments(),
                aaRun ? "A/A" : "A/B", p.days(), p.visitors(), 100 * p.baseline(),
                aaRun ? "" : String.format(Locale.ENGLISH, ", true lift %+.1f %%", 100 * p.lift()), p.alpha(), 100 * p.mde());
        if (planned > 0) {
            out.printf(Locale.ENGLISH, "visitors planned for %.0f %% power by the sequential design: %,d%n",
                    100 * power, planned);
        }
        out.printf(Locale.ENGLISH, "%-38s %10s%n", "test", what);
        out.printf(Locale.ENGLISH, "%-38s %9.1f %%  (± %.1f; design: %.1f %%)%n", "mSPRT, looked at daily",
                100 * r.sequentialDecided(), 100 * r.standardError(), 100 * r.plannedDecision());
        out.printf(Locale.ENGLISH, "%-38s %9.1f %%%n", "t-test, peeked at daily", 100 * r.peekedTTestDecided());
        out.printf(Locale.ENGLISH, "%-38s %9.1f %%%n", "t-test, last day only", 100 * r.finalTTestDecided());
        if (r.sequentialDecided() > 0) {
            out.printf(Locale.ENGLISH, "mSPRT decisions: median day %.1f, %,.0f visitors on average%s%n",
                    r.medianDecisionDay(), r.meanVisitorsAtDecision(), aaRun ? "" : String.format(Locale.ENGLISH,
                            ", wrong direction %.1f %%", 100 * r.sequentialWrongSign()));
        }
        if (aaRun) {
            for (Object o : srmExamples()) {
                JsonObject e = (JsonObject) o;
                out.printf(Locale.ENGLISH, "sample-ratio check, %s of %,d units: chi-square %.1f, p = %.3g -> %s%n",
                        e.getString("split"), e.getLong("units"), e.getDouble("chi_square"), e.getDouble("p_value"),
                        e.getBoolean("mismatch") ? "MISMATCH" : "ok");
            }
        }
    }

    /** The sample-ratio check on two splits of 100,000 units meant to be 50/50. */
    private static io.vertx.core.json.JsonArray srmExamples() {
        io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
        for (long[] split : new long[][] {{50_000, 50_000}, {48_000, 52_000}}) {
            SampleRatio s = SampleRatio.check(split, new double[] {1, 1});
            out.add(new JsonObject().put("split", split[0] / 1000 + "/" + split[1] / 1000).put("units", 100_000)
                    .put("chi_square", s.chiSquare()).put("p_value", s.pValue()).put("mismatch", s.mismatch()));
        }
        return out;
    }

    private static void check(boolean ok, String option, String message) {
        if (!ok) {
            throw new EvaluationException(option, message);
        }
    }
}
