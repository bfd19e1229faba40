package dev.merchantry.platform.experiments.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Power and planned sample size of the {@link MixtureSprt} on a relative lift looked at K times, at equally spaced
 * amounts of data (one look a day with steady traffic).
 *
 * <p>With N units split between control and treatment (treatment share w), the lift estimate's variance is
 * {@code V(N) = κ / N} with {@code κ = σ²_B / (w μ_A²) + μ_B² σ²_A / ((1 − w) μ_A⁴)} ({@link Lift}). In information
 * units {@code I = 1/V} the score {@code S = θ̂ · I} is, to the normal approximation, a Brownian motion with drift θ
 * (the true lift) observed at {@code I_k = k · I_1}; the test stops at the first look with
 * {@code |S_k| ≥ h(V_k) · I_k} ({@link MixtureSprt#halfWidth}). The probability of stopping by the last look is the
 * boundary-crossing probability of that process, computed by recursive numerical integration of the density on the
 * continuation region (Armitage, McPherson and Rowe, "Repeated significance tests on accumulating data", JRSS A
 * 132:235–244, 1969; Jennison and Turnbull, "Group Sequential Methods", 2000, ch. 19) with Simpson's rule. Under θ = 0
 * it is the false-positive rate of the K looks, under the planned lift the power; the simulator checks both on
 * binomial data.
 */
public final class SequentialDesign {

    /** Simpson nodes per look: the transition kernel's width spans many nodes even at 365 looks. */
    private static final int HALF_NODES = 100;
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    /** No plan asks for more units than this; beyond it a lift is "not detectable". */
    public static final long MAX_UNITS = 1_000_000_000_000L;

    private final double kappa;
    private final double lift;
    private final MixtureSprt test;
    private final int looks;

    /**
     * @param controlMean    μ_A > 0
     * @param controlVar     σ²_A, the control unit variance
     * @param treatmentMean  μ_B under the hypothesis planned for (μ_A for the false-positive rate)
     * @param treatmentVar   σ²_B
     * @param treatmentShare w, the treatment's share of the two arms' units, in (0, 1)
     */
    public SequentialDesign(double controlMean, double controlVar, double treatmentMean, double treatmentVar,
                            double treatmentShare, MixtureSprt test, int looks) {
        if (!(controlMean > 0) || !(controlVar > 0) || !(treatmentVar > 0) || !(treatmentMean >= 0)) {
            throw new IllegalArgumentException("means and variances must be positive");
        }
        if (!(treatmentShare > 0 && treatmentShare < 1)) {
            throw new IllegalArgumentException("treatment share must be in (0, 1), got " + treatmentShare);
        }
        if (looks < 1) {
            throw new IllegalArgumentException("looks must be at least 1, got " + looks);
        }
        double a2 = controlMean * controlMean;
        this.kappa = treatmentVar / (treatmentShare * a2)
                + treatmentMean * treatmentMean * controlVar / ((1 - treatmentShare) * a2 * a2);
        this.lift = treatmentMean / controlMean - 1;
        this.test = test;
        this.looks = looks;
    }

    /** A conversion metric at base rate {@code baseline} and the relative {@code lift} (0 for the null). */
    public static SequentialDesign conversion(double baseline, double lift, double treatmentShare, MixtureSprt test,
                                              int looks) {
        double p = baseline * (1 + lift);
        if (!(baseline > 0 && baseline < 1) || !(p > 0 && p < 1)) {
            throw new IllegalArgumentException("conversion rates must be in (0, 1): " + baseline + " and " + p);
        }
        return new SequentialDesign(baseline, baseline * (1 - baseline), p, p * (1 - p), treatmentShare, test, looks);
    }

    /**
     * A revenue-like metric: control mean and unit variance as observed, the treatment's mean moved by the relative
     * lift with the same coefficient of variation.
     */
    public static SequentialDesign amount(double controlMean, double controlVar, double lift, double treatmentShare,
                                          MixtureSprt test, int looks) {
        double f = 1 + lift;
        return new SequentialDesign(controlMean, controlVar, controlMean * f, controlVar * f * f, treatmentShare,
                test, looks);
    }

    /** Probability that the test decides (any direction) by the last look with {@code units} units in total. */
    public double decisionProbability(double units) {
        double[] byLook = decisionByLook(units);
        double total = 0;
        for (double p : byLook) {
            total += p;
        }
        return Math.min(1, total);
    }

    /** Probability of stopping at each look (index 0 = first look). */
    public double[] decisionByLook(double units) {
        if (!(units > 0)) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
        double step = units / looks / kappa; // information added per look
        double sdStep = Math.sqrt(step);
        double driftStep = lift * step;
        double[] out = new double[looks];
        int m = 2 * HALF_NODES + 1;
        double[] grid = new double[m];
        double[] weight = new double[m];
        double[] density = new double[m];
        // look 1: S_1 ~ N(θ I_1, I_1)
        double c = boundary(step);
        fillGrid(grid, weight, c);
        for (int j = 0; j < m; j++) {
            density[j] = pdf((grid[j] - driftStep) / sdStep) / sdStep;
        }
        out[0] = outside(0, c, driftStep, sdStep);
        double[] nextGrid = new double[m];
        double[] nextWeight = new double[m];
        double[] nextDensity = new double[m];
        for (int k = 1; k < looks; k++) {
            double ck = boundary(step * (k + 1));
            double crossing = 0;
            for (int j = 0; j < m; j++) {
                crossing += weight[j] * density[j] * outside(grid[j], ck, driftStep, sdStep);
            }
            out[k] = crossing;
            fillGrid(nextGrid, nextWeight, ck);
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += weight[j] * density[j] * pdf((nextGrid[i] - grid[j] - driftStep) / sdStep);
                }
                nextDensity[i] = s / sdStep;
            }
            double[] t = grid; grid = nextGrid; nextGrid = t;
            t = weight; weight = nextWeight; nextWeight = t;
            t = density; density = nextDensity; nextDensity = t;
        }
        return out;
    }

    /**
     * The fewest units (both arms together) for which the test decides by the last look with probability at least
     * {@code power}; {@link #MAX_UNITS} + 1 when even that many are not enough (no lift to detect).
     */
    public long unitsFor(double power) {
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be in (0, 1), got " + power);
        }
        long hi = Math.max(looks, 100);
        while (decisionProbability(hi) < power) {
            if (hi > MAX_UNITS / 2) {
                return MAX_UNITS + 1;
            }
            hi *= 2;
        }
        long lo = hi / 2;
        while (hi - lo > Math.max(1, lo / 1000)) {
            long mid = lo + (hi - lo) / 2;
            if (decisionProbability(mid) >= power) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The boundary on S at information I: |θ̂| ≥ h(1/I) ⇔ |S| ≥ h(1/I) · I. */
    private double boundary(double information) {
        return test.halfWidth(1 / information) * information;
    }

    /** P(|u + X| ≥ c) for X ~ N(drift, sd²). */
    private static double outside(double u, double c, double drift, double sd) {
        double upper = (c - u - drift) / sd;
        double lower = (-c - u - drift) / sd;
        return upperTail(upper) + lowerTail(lower);
    }

    private static void fillGrid(double[] grid, double[] weight, double c) {
        int m = grid.length;
        double h = 2 * c / (m - 1);
        for (int j = 0; j < m; j++) {
            grid[j] = -c + j * h;
            double simpson = j == 0 || j == m - 1 ? 1 : (j % 2 == 1 ? 4 : 2);
            weight[j] = simpson * h / 3;
        }
    }

    private static double pdf(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** P(Z ≥ z), accurate in the far tail. */
    private static double upperTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    /** P(Z ≤ z). */
    private static double lowerTail(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
