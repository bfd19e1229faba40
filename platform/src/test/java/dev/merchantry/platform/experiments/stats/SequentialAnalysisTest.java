package dev.merchantry.platform.experiments.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialAnalysisTest {

    private static final List<String> AB = List.of("A", "B");
    private static final double[] EVEN = {1, 1};
    private static final SequentialAnalysis.Settings CONVERSION = SequentialAnalysis.Settings.defaults(Metric.CONVERSION);

    /** Cumulative looks of equal daily traffic with fixed daily conversions per arm. */
    private static List<List<ArmStats>> daily(int days, long perArm, long convA, long convB) {
        List<List<ArmStats>> looks = new ArrayList<>();
        for (int d = 1; d <= days; d++) {
            looks.add(List.of(ArmStats.conversions(perArm * d, convA * d), ArmStats.conversions(perArm * d, convB * d)));
        }
        return looks;
    }

    @Test
    void aClearDifferenceIsAWinnerWithAnIntervalExcludingZero() {
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, daily(10, 1000, 100, 150));
        SequentialAnalysis.Comparison b = r.comparisons().get(0);
        assertEquals(0.5, b.lift(), 1e-12);
        assertTrue(b.decided() && b.lower() > 0 && b.upper() > b.lift() && b.lower() < b.lift());
        assertTrue(b.probabilityToBeat() > 0.999);
        assertEquals("winner", r.verdict().code());
        assertEquals("B", r.verdict().winner());
        assertTrue(r.verdict().words().startsWith("B wins: +50.0 % conversion against A"), r.verdict().words());
    }

    @Test
    void aWorseTreatmentMakesControlTheWinner() {
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, daily(10, 1000, 150, 100));
        assertEquals("control_wins", r.verdict().code());
        assertEquals("A", r.verdict().winner());
    }

    @Test
    void littleDataSaysHowManyMoreUnitsTheTestNeeds() {
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, daily(2, 500, 25, 27));
        SequentialAnalysis.Comparison b = r.comparisons().get(0);
        assertFalse(b.decided());
        assertEquals("keep_running", r.verdict().code());
        // the same plan as the design's own sample size at the observed 5 % base rate, less the 2,000 units in
        long planned = SequentialDesign.conversion(0.05, 0.05, 0.5, new MixtureSprt(0.05, 0.05), 28).unitsFor(0.8);
        assertEquals(planned - 2000, b.unitsNeeded(), planned / 1000.0 + 1);
        assertTrue(r.verdict().words().startsWith("Keep running: about "), r.verdict().words());
    }

    @Test
    void aNarrowIntervalAroundZeroIsNoDifference() {
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, daily(28, 200_000, 10_000, 10_000));
        assertEquals("no_difference", r.verdict().code(), r.verdict().words());
        SequentialAnalysis.Comparison b = r.comparisons().get(0);
        assertTrue(b.lower() > -0.05 && b.upper() < 0.05);
    }

    @Test
    void aBrokenSplitOverridesEverything() {
        List<List<ArmStats>> looks = List.of(List.of(ArmStats.conversions(48_000, 4_800),
                ArmStats.conversions(52_000, 7_800)));
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, looks);
        assertTrue(r.sampleRatio().mismatch());
        assertEquals("sample_ratio_mismatch", r.verdict().code());
        assertTrue(r.verdict().words().contains("A got 48.0 % of the units instead of 50.0 %"), r.verdict().words());
    }

    @Test
    void noConversionsYetIsCollecting() {
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, daily(1, 100, 0, 0));
        assertEquals("collecting", r.verdict().code());
        assertTrue(Double.isNaN(r.comparisons().get(0).lift()));
    }

    @Test
    void aDecisionStandsWhenALaterLookRegresses() {
        // day 1 decisive, then the treatment's advantage vanishes: the running minimum keeps the decision, and the
        // interval is the intersection (never wider than the first day's)
        List<List<ArmStats>> looks = new ArrayList<>();
        looks.add(List.of(ArmStats.conversions(50_000, 2_500), ArmStats.conversions(50_000, 3_000)));
        looks.add(List.of(ArmStats.conversions(100_000, 5_600), ArmStats.conversions(100_000, 5_700)));
        var r = SequentialAnalysis.analyze(CONVERSION, AB, EVEN, looks);
        SequentialAnalysis.Comparison b = r.comparisons().get(0);
        assertEquals(1, b.decidedAtLook());
        MixtureSprt test = new MixtureSprt(0.05, 0.05);
        Lift second = Lift.of(looks.get(1).get(0), looks.get(1).get(1), Metric.CONVERSION).orElseThrow();
        assertTrue(b.upper() <= second.estimate() + test.halfWidth(second.variance()));
        assertTrue(b.pValue() <= 0.05);
    }

    @Test
    void threeArmsSplitAlphaBetweenTheTwoComparisons() {
        List<List<ArmStats>> looks = List.of(List.of(ArmStats.conversions(1000, 50), ArmStats.conversions(1000, 50),
                ArmStats.conversions(1000, 50)));
        var r = SequentialAnalysis.analyze(CONVERSION, List.of("A", "B", "C"), new double[] {1, 1, 1}, looks);
        assertEquals(0.025, r.alphaPerComparison(), 1e-15);
        assertEquals(2, r.comparisons().size());
    }
}
