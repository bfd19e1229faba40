package dev.merchantry.platform.experiments.stats;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.Arrays;

/**
 * Simulated conversion experiments run through the same statistics the results endpoint uses: each day a number of
 * visitors arrives, each is assigned to treatment with the treatment's share (a binomial draw), each converts with
 * its arm's probability (binomial draws), and the experiment is looked at once a day by the {@link MixtureSprt}
 * exactly as {@link SequentialAnalysis} does. Beside it, the habit the mSPRT replaces: a fixed-horizon Welch t-test
 * peeked at every day, stopping at the first p &lt; α; and the same t-test looked at only once, on the last day.
 * With {@code lift = 0} (an A/A test) the decided fraction is the false-positive rate; with a lift it is the power.
 */
public final class ExperimentSimulator {

    /** What to simulate. {@code visitors}: all visitors of one experiment over all days, both arms. */
    public record Plan(int experiments, int days, long visitors, double baseline, double lift, double treatmentShare,
                       double alpha, double mde, long seed) {
        public Plan {
            if (experiments < 1 || days < 1 || visitors < 2L * days || !(baseline > 0 && baseline < 1)
                    || !(baseline * (1 + lift) > 0 && baseline * (1 + lift) < 1)
                    || !(treatmentShare > 0 && treatmentShare < 1) || !(alpha > 0 && alpha < 1) || !(mde > 0)) {
                throw new IllegalArgumentException("invalid simulation plan: " + this);
            }
        }
    }

    /**
     * @param sequentialDecided  fraction of experiments the mSPRT decided by the last day (FPR for A/A, else power)
     * @param sequentialWrongSign fraction decided in the wrong direction (any decision for A/A)
     * @param medianDecisionDay  median day of the mSPRT's decision among decided experiments (0 if none)
     * @param meanVisitorsAtDecision mean visitors seen when the mSPRT decided, among decided experiments
     * @param peekedTTestDecided fraction with a Welch p &lt; α on any day
     * @param finalTTestDecided  fraction with a Welch p &lt; α on the last day
     * @param plannedDecision    the {@link SequentialDesign}'s probability of a decision for this plan
     * @param standardError      binomial standard error of a fraction near {@code sequentialDecided}
     */
    public record Report(Plan plan, double sequentialDecided, double sequentialWrongSign, double medianDecisionDay,
                         double meanVisitorsAtDecision, double peekedTTestDecided, double finalTTestDecided,
                         double plannedDecision, double standardError) {
    }

    private ExperimentSimulator() {
    }

    public static Report run(Plan plan) {
        MixtureSprt test = new MixtureSprt(plan.alpha(), plan.mde());
        TTest tTest = new TTest();
        RandomGenerator random = new Well19937c(plan.seed());
        double pB = plan.baseline() * (1 + plan.lift());
        int decided = 0;
        int wrongSign = 0;
        int peeked = 0;
        int fixed = 0;
        double[] decisionDays = new double[plan.experiments()];
        double visitorsAtDecision = 0;
        for (int e = 0; e < plan.experiments(); e++) {
            long nA = 0, nB = 0, cA = 0, cB = 0;
            double p = 1;
            int decidedDay = 0;
            int decidedSign = 0;
            boolean tRejected = false;
            boolean tFinal = false;
            for (int day = 1; day <= plan.days(); day++) {
                long arriving = plan.visitors() * day / plan.days() - plan.visitors() * (day - 1) / plan.days();
                long toB = binomial(random, arriving, plan.treatmentShare());
                nA += arriving - toB;
                nB += toB;
                cA += binomial(random, arriving - toB, plan.baseline());
                cB += binomial(random, toB, pB);
                ArmStats a = ArmStats.conversions(nA, cA);
                ArmStats b = ArmStats.conversions(nB, cB);
                var lift = Lift.of(a, b, Metric.CONVERSION);
                if (lift.isPresent()) {
                    p = Math.min(p, test.pValue(lift.get().estimate(), lift.get().variance(), 0));
                    if (decidedDay == 0 && p <= plan.alpha()) {
                        decidedDay = day;
                        decidedSign = lift.get().estimate() > 0 ? 1 : -1;
                    }
                }
                double tp = welchP(tTest, a, b);
                if (tp < plan.alpha()) {
                    tRejected = true;
                    if (day == plan.days()) {
                        tFinal = true;
                    }
                }
            }
            if (decidedDay > 0) {
                decisionDays[decided++] = decidedDay;
                visitorsAtDecision += (double) plan.visitors() * decidedDay / plan.days();
                if (plan.lift() == 0 || decidedSign != Math.signum(plan.lift())) {
                    wrongSign++;
                }
            }
            peeked += tRejected ? 1 : 0;
            fixed += tFinal ? 1 : 0;
        }
        double n = plan.experiments();
        double rate = decided / n;
        double median = 0;
        if (decided > 0) {
            double[] d = Arrays.copyOf(decisionDays, decided);
            Arrays.sort(d);
            median = decided % 2 == 1 ? d[decided / 2] : (d[decided / 2 - 1] + d[decided / 2]) / 2;
        }
        double planned = SequentialDesign.conversion(plan.baseline(), plan.lift(), plan.treatmentShare(), test,
                plan.days()).decisionProbability(plan.visitors());
        return new Report(plan, rate, wrongSign / n, median, decided == 0 ? 0 : visitorsAtDecision / decided,
                peeked / n, fixed / n, planned, Math.sqrt(Math.max(rate * (1 - rate), 1 / n) / n));
    }

    /** Welch's two-sided t-test p-value of two conversion samples (1 when it is not defined yet). */
    static double welchP(TTest tTest, ArmStats a, ArmStats b) {
        if (a.units() < 2 || b.units() < 2) {
            return 1;
        }
        double va = a.unitVariance(Metric.CONVERSION) * a.units() / (a.units() - 1);
        double vb = b.unitVariance(Metric.CONVERSION) * b.units() / (b.units() - 1);
        if (va == 0 && vb == 0) {
            return 1;
        }
        return tTest.tTest(summary(a, va), summary(b, vb));
    }

    private static StatisticalSummaryValues summary(ArmStats arm, double variance) {
        return new StatisticalSummaryValues(arm.mean(), variance, arm.units(), 1, 0, arm.sum());
    }

    /**
     * Binomial(n, p) by the second waiting-time method (Devroye, "Non-Uniform Random Variate Generation", 1986,
     * X.4.3): count the geometric gaps between successes until they pass n. Exact, and about n·min(p, 1 − p) draws.
     */
    static long binomial(RandomGenerator random, long n, double p) {
        if (n == 0 || p == 0) {
            return 0;
        }
        if (p > 0.5) {
            return n - binomial(random, n, 1 - p);
        }
        double logQ = Math.log1p(-p);
        long count = 0;
        long position = 0;
        while (true) {
            position += (long) Math.floor(Math.log(1 - random.nextDouble()) / logQ) + 1;
            if (position > n) {
                return count;
            }
            count++;
        }
    }
}
