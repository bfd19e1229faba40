package dev.merchantry.plugins.forecasting.intermittent;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The discounted Poisson rate (Harvey &amp; Fernandes 1989) by hand, and its discount choice on simulated demand with a
 * known rate (fixed seeds).
 */
class PoissonRatePredictorTest {

    private static final double[] NO_LEVELS = {};

    @Test
    void theRateIsTheDiscountedRatioOfDemandToExposure() {
        // ω = 1/2, one unobserved period (t = 4). By hand, weights ω^(6−t) over the observed periods:
        // demand 2/64 + 1/8 + 3 = 101/32, exposure 1/64 + 1/32 + 2/16 + 2/8 + 1/2 + 1 = 123/64, rate 202/123.
        double[] y = {2, 0, 0, 1, Double.NaN, 0, 3};
        double[] e = {1, 1, 2, 2, 2, 1, 1};
        double[] ab = PoissonRatePredictor.filter(y, e, 0.5);
        assertEquals(101.0 / 32, ab[0], 1e-12);
        assertEquals(123.0 / 64, ab[1], 1e-12);
        assertEquals(202.0 / 123, PoissonRatePredictor.levels(y, e, 0.5)[6], 1e-12);
        // one-step forecasts e_t·a/b before each observed period after the first demand: 2, 4/3, 4/11, (t = 4
        // unobserved), 10/27, 10/59; Poisson deviance 2 Σ [y log(y/μ) − (y − μ)]
        double deviance = 2 * (2 + 4.0 / 3 + (Math.log(11.0 / 4) - (1 - 4.0 / 11)) + 10.0 / 27
                + (3 * Math.log(3 / (10.0 / 59)) - (3 - 10.0 / 59)));
        assertEquals(deviance, PoissonRatePredictor.oneStepDeviance(y, e, 0.5), 1e-12);
        // no discounting: all demand over all exposure, 6 / 8 (the unobserved period's exposure left out)
        assertEquals(6.0 / 8, PoissonRatePredictor.levels(y, e, 1)[6], 1e-12);
    }

    @Test
    void theForecastIsTheRateTimesTheExposureAheadWithNestedNonNegativeBounds() {
        double[] y = {1, 0, 0, 2, 0, 0, 0, 1, 0, 0};
        double[] e = new double[y.length];
        Arrays.fill(e, 2);
        PoissonRatePredictor p = PoissonRatePredictor.fit(y, e, 3, true, y);
        double[] ab = PoissonRatePredictor.filter(y, e, p.discount());
        var prediction = p.predict(5, new double[] {80, 95});
        for (int h = 0; h < 5; h++) {
            assertEquals(3 * ab[0] / ab[1], prediction.mean()[h], 1e-12);
            assertTrue(prediction.lower()[1][h] <= prediction.lower()[0][h] && prediction.lower()[0][h] >= 0);
            assertTrue(prediction.upper()[0][h] <= prediction.upper()[1][h] && prediction.upper()[1][h] <= 2);
        }
    }

    /** Orders of 1 (70 %), 2 (20 %) or 3 (10 %) units at {@code rates[t]} orders a day, as the demo's. */
    private static double[] simulate(RandomGenerator rng, double[] rates) {
        double[] y = new double[rates.length];
        for (int t = 0; t < rates.length; t++) {
            int orders = rates[t] > 0 ? new PoissonDistribution(rng, rates[t], 1e-12, 1000).sample() : 0;
            for (int o = 0; o < orders; o++) {
                double u = rng.nextDouble();
                y[t] += u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
            }
        }
        return y;
    }

    private static double forecast(double[] y) {
        double[] ones = new double[y.length];
        Arrays.fill(ones, 1);
        return PoissonRatePredictor.fit(y, ones, 1, false, y).predict(1, NO_LEVELS).mean()[0];
    }

    @Test
    void aRateThatJumpsIsForgottenFasterAndFollowed() {
        // 400 days at 0.2 orders/day against 300 days at 0.05 then 100 at 0.4 (1.4 units an order): the jump must
        // choose a shorter memory, and its forecast must land near the new rate, where Croston-SBA (α = 0.1,
        // smoothing per demand) lags. Measured: 20/20 shorter, mean |error| 0.095 units/day (rate) vs 0.136 (Croston).
        RandomGenerator rng = new Well19937c(41);
        int shorter = 0;
        double rateErr = 0;
        double crostonErr = 0;
        for (int seed = 0; seed < 20; seed++) {
            double[] flat = new double[400];
            Arrays.fill(flat, 0.2);
            double[] jump = new double[400];
            Arrays.fill(jump, 0, 300, 0.05);
            Arrays.fill(jump, 300, 400, 0.4);
            double[] a = simulate(rng, flat);
            double[] b = simulate(rng, jump);
            double[] ones = new double[400];
            Arrays.fill(ones, 1);
            shorter += PoissonRatePredictor.discount(b, ones) < PoissonRatePredictor.discount(a, ones) ? 1 : 0;
            rateErr += Math.abs(forecast(b) - 0.4 * 1.4);
            crostonErr += Math.abs(CrostonPredictor.fit(b, 0.1, true).predict(1, NO_LEVELS).mean()[0] - 0.4 * 1.4);
        }
        System.out.printf(java.util.Locale.ROOT, "jump: shorter memory %d/20, mean |error| rate %.3f, Croston %.3f%n",
                shorter, rateErr / 20, crostonErr / 20);
        assertTrue(shorter >= 18, "shorter memory after a jump in " + shorter + "/20");
        assertTrue(rateErr < 0.85 * crostonErr, "mean |error| rate " + rateErr / 20 + ", Croston " + crostonErr / 20);
    }

    @Test
    void aProductThatStopsSellingIsForecastToFade() {
        // 300 days at 0.3 orders/day, then 90 days without a sale (a discontinued product whose page stays up):
        // Croston updates only on demand and keeps forecasting the old rate; the rate falls with every empty day.
        // Measured: 20/20 below half of Croston's forecast.
        RandomGenerator rng = new Well19937c(43);
        int faded = 0;
        for (int seed = 0; seed < 20; seed++) {
            double[] rates = new double[390];
            Arrays.fill(rates, 0, 300, 0.3);
            double[] y = simulate(rng, rates);
            double croston = CrostonPredictor.fit(y, 0.1, true).predict(1, NO_LEVELS).mean()[0];
            faded += forecast(y) < 0.5 * croston ? 1 : 0;
        }
        System.out.printf(java.util.Locale.ROOT, "stopped selling: faded in %d/20%n", faded);
        assertTrue(faded >= 19, "faded in " + faded + "/20");
    }
}
