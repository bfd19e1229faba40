package dev.merchantry.plugins.profiling.clv;

import dev.merchantry.plugins.profiling.core.Parallel;
import dev.merchantry.testkit.OfflineContext;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maximum likelihood recovers the published CDNOW parameters from 10,000 customers simulated from them (seed 7).
 * Tolerances are about 3.5 standard deviations of the estimates across 20 simulated replicates, measured by
 * {@code src/test/python/recovery_spread.py}: the drop-out parameters a and b are individually poorly identified
 * (sd 11 % and 15 %), their mean a/(a+b) well (2.8 %); likewise r and α (2.5 %, 3.2 %) against r/α (2.1 %), and
 * p, γ (10 %, 12 %) against the mean order value γp/(q−1) (1.6 %).
 */
class ParameterRecoveryTest {

    private static final int CUSTOMERS = 10_000;
    private static final BgNbd TRUE = BgNbd.CDNOW;
    private static final GammaGamma TRUE_SPEND = GammaGamma.CDNOW;

    private static Parallel parallel;
    private static Simulated data;

    /** Calibration (x, t_x, T), holdout purchase counts and repeat mean order values of simulated customers. */
    record Simulated(int[] x, double[] tx, double[] t, int[] holdout, double[] meanValue) {
    }

    @BeforeAll
    static void simulate() {
        parallel = new Parallel(OfflineContext.create());
        data = simulate(CUSTOMERS, 39, new Well19937c(7));
    }

    @AfterAll
    static void stop() {
        parallel.close();
    }

    /**
     * The BG/NBD story with T ~ U(27, 39) weeks (first purchases in the first 12 of 39 calibration weeks), then a
     * holdout of {@code holdoutWeeks}; order values Gamma(p, ν) with ν ~ Gamma(q, γ) per customer.
     */
    static Simulated simulate(int n, double holdoutWeeks, RandomGenerator rng) {
        GammaDistribution rate = new GammaDistribution(rng, TRUE.r(), 1 / TRUE.alpha());
        BetaDistribution dropout = new BetaDistribution(rng, TRUE.a(), TRUE.b());
        GammaDistribution nuPrior = new GammaDistribution(rng, TRUE_SPEND.q(), 1 / TRUE_SPEND.gamma());
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        int[] holdout = new int[n];
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            double lambda = rate.sample();
            double p = dropout.sample();
            t[i] = 27 + 12 * rng.nextDouble();
            double end = t[i] + holdoutWeeks;
            double now = 0;
            while (true) {
                now += -Math.log(1 - rng.nextDouble()) / lambda;
                if (now > end) {
                    break;
                }
                if (now <= t[i]) {
                    x[i]++;
                    tx[i] = now;
                } else {
                    holdout[i]++;
                }
                if (rng.nextDouble() < p) {
                    break;
                }
            }
            double nu = nuPrior.sample();
            if (x[i] > 0) {
                GammaDistribution value = new GammaDistribution(rng, TRUE_SPEND.p(), 1 / nu);
                double sum = 0;
                for (int k = 0; k < x[i]; k++) {
                    sum += value.sample();
                }
                mean[i] = sum / x[i];
            }
        }
        return new Simulated(x, tx, t, holdout, mean);
    }

    @Test
    void bgNbdParametersAreRecovered() {
        ClvFitter.Fit<BgNbd> fit = ClvFitter.fitBgNbd(data.x(), data.tx(), data.t(), CUSTOMERS, parallel);
        BgNbd m = fit.model();
        assertEquals(TRUE.r(), m.r(), 0.025, "r");
        assertEquals(TRUE.alpha(), m.alpha(), 0.5, "alpha");
        assertEquals(TRUE.a(), m.a(), 0.3, "a");
        assertEquals(TRUE.b(), m.b(), 1.3, "b");
        assertEquals(TRUE.r() / TRUE.alpha(), m.r() / m.alpha(), 0.075 * TRUE.r() / TRUE.alpha(), "r/alpha");
        double dropout = TRUE.a() / (TRUE.a() + TRUE.b());
        assertEquals(dropout, m.a() / (m.a() + m.b()), 0.10 * dropout, "a/(a+b)");
        // A maximum: no worse than the truth on the data it was fitted to.
        double atTruth = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            atTruth += TRUE.logLikelihood(data.x()[i], data.tx()[i], data.t()[i]);
        }
        assertTrue(fit.logLikelihood() >= atTruth - 1e-6, fit.logLikelihood() + " < " + atTruth);
        double recomputed = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            recomputed += m.logLikelihood(data.x()[i], data.tx()[i], data.t()[i]);
        }
        assertEquals(recomputed, fit.logLikelihood(), 1e-6 * Math.abs(recomputed), "reported log-likelihood");
    }

    @Test
    void holdoutPurchasesArePredicted() {
        BgNbd m = ClvFitter.fitBgNbd(data.x(), data.tx(), data.t(), CUSTOMERS, parallel).model();
        double predicted = 0;
        double actual = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            predicted += m.expectedPurchases(39, data.x()[i], data.tx()[i], data.t()[i]);
            actual += data.holdout()[i];
        }
        // The total's own Poisson-and-drop-out noise is about 3 % here; 10 % flags a wrong model, not bad luck.
        assertEquals(actual, predicted, 0.10 * actual, "holdout purchases of " + CUSTOMERS + " customers");
    }

    @Test
    void mbgNbdPredictsTheHoldoutNoWorseThanBgNbdAndOneTimeBuyersCanBeGone() {
        // The data follow BG/NBD, so MBG/NBD is the misspecified one here; its per-customer holdout MAE must still be
        // no worse (ChurnModelComparison measured 0.98x over five seeds) and its total within the 10 % above.
        BgNbd bg = ClvFitter.fitBgNbd(data.x(), data.tx(), data.t(), CUSTOMERS, parallel).model();
        MbgNbd mbg = ClvFitter.fitMbgNbd(data.x(), data.tx(), data.t(), CUSTOMERS, parallel).model();
        double bgError = 0;
        double mbgError = 0;
        double mbgTotal = 0;
        double actual = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            double e = mbg.expectedPurchases(39, data.x()[i], data.tx()[i], data.t()[i]);
            mbgTotal += e;
            mbgError += Math.abs(e - data.holdout()[i]);
            bgError += Math.abs(bg.expectedPurchases(39, data.x()[i], data.tx()[i], data.t()[i]) - data.holdout()[i]);
            actual += data.holdout()[i];
        }
        assertTrue(mbgError <= bgError, "MAE MBG/NBD " + mbgError / CUSTOMERS + " > BG/NBD " + bgError / CUSTOMERS);
        assertEquals(actual, mbgTotal, 0.10 * actual, "holdout purchases of " + CUSTOMERS + " customers");
        // One-time buyers: BG/NBD says alive for sure; MBG/NBD's churn risk grows with the weeks since the order.
        assertEquals(1.0, bg.probabilityAlive(0, 0, 39));
        assertTrue(mbg.probabilityAlive(0, 0, 27) > mbg.probabilityAlive(0, 0, 33));
        assertTrue(mbg.probabilityAlive(0, 0, 33) > mbg.probabilityAlive(0, 0, 39));
    }

    @Test
    void gammaGammaParametersAreRecovered() {
        int n = 0;
        int[] x = new int[CUSTOMERS];
        double[] mx = new double[CUSTOMERS];
        for (int i = 0; i < CUSTOMERS; i++) {
            if (data.x()[i] > 0) {
                x[n] = data.x()[i];
                mx[n] = data.meanValue()[i];
                n++;
            }
        }
        GammaGamma m = ClvFitter.fitGammaGamma(x, mx, n, parallel).model();
        assertEquals(TRUE_SPEND.p(), m.p(), 2.2, "p");
        assertEquals(TRUE_SPEND.q(), m.q(), 0.5, "q");
        assertEquals(TRUE_SPEND.gamma(), m.gamma(), 6.7, "gamma");
        assertEquals(TRUE_SPEND.populationMean(), m.populationMean(), 0.06 * TRUE_SPEND.populationMean(), "mean");
    }
}
