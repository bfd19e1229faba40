package dev.merchantry.plugins.forecasting.intermittent;

import dev.merchantry.plugins.forecasting.Reference;
import dev.merchantry.plugins.forecasting.arima.Regressors;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The Poisson GLM behind intermittent seasonality, against R's glm() ({@code src/test/r/poisson_seasonality.R}). */
class PoissonSeasonalityTest {

    private static final Map<String, Map<String, double[]>> R = Reference.values("poisson.csv");
    /** IRLS to R's convergence criterion (epsilon 1e-12 in the script): coefficients agree to well below this. */
    private static final double COEFFICIENT_ABSOLUTE = 1e-6;

    @Test
    void glmCoefficientsAndDevianceMatchR() {
        double[] y = R.get("glm_input").get("y");
        PoissonSeasonality.Glm g = PoissonSeasonality.fit(y, new Regressors(false, false, new double[] {365.25, 7}, new int[] {1, 1}));
        assertNotNull(g);
        assertArrayEquals(R.get("glm_yearly_weekly").get("beta"), g.beta(), COEFFICIENT_ABSOLUTE);
        assertEquals(R.get("glm_yearly_weekly").get("deviance")[0], g.deviance(), 1e-6 * g.deviance());
        assertEquals(589, g.observed(), "the 11 NA stock-out days are left out");

        PoissonSeasonality.Glm trendOnly = PoissonSeasonality.fit(y, Regressors.NONE);
        assertArrayEquals(R.get("glm_trend_only").get("beta"), trendOnly.beta(), COEFFICIENT_ABSOLUTE);
        assertEquals(R.get("glm_trend_only").get("deviance")[0], trendOnly.deviance(), 1e-6 * trendOnly.deviance());
    }

    @Test
    void bicKeepsTheSeasonsThatGeneratedTheData() {
        // simulated with a yearly cos (0.8) and a weekly sin (0.3): the deviance drop of 52 (R above) is far above
        // BIC's price of 2·log(589) ≈ 12.8 per period, so each period keeps at least its first harmonic
        double[] y = R.get("glm_input").get("y");
        PoissonSeasonality.SeasonalIndex index = PoissonSeasonality.choose(y, new double[] {7, 365.25}, 3, 1.5, 20);
        assertNotNull(index);
        assertEquals(1, index.fourier().harmonics()[1], "yearly harmonics");
        // peak (t = 30, a year on: 394) over trough (half a year before it, 26 weeks, so the weekly part cancels):
        // exp(2 · 0.8) ≈ 4.95 for the true process
        double ratio = index.at(30 + 364) / index.at(30 + 182);
        assertEquals(Math.exp(1.6), ratio, 0.5 * Math.exp(1.6), "peak/trough index ratio");
    }

    @Test
    void tooFewDemandsOrTooShortAHistoryLookForNoSeason() {
        double[] sparse = new double[730];
        for (int t = 0; t < sparse.length; t += 50) {
            sparse[t] = 1;
        }
        assertEquals(null, PoissonSeasonality.choose(sparse, new double[] {7, 365.25}, 3, 1.5, 20), "15 demands");
        double[] y = R.get("glm_input").get("y");
        double[] halfYear = java.util.Arrays.copyOf(y, 180);
        PoissonSeasonality.SeasonalIndex index = PoissonSeasonality.choose(halfYear, new double[] {365.25}, 3, 1.5, 5);
        assertEquals(null, index, "half a year cannot show a yearly season");
    }

    @Test
    void aShiftedIndexIsTheSameIndexOnAShiftedTimeAxis() {
        // shifted(o).at(t) = at(t + o) by the angle-sum identities; period 4 with K = 2 has a lone cosine at the
        // Nyquist frequency (2k = m), cos(π(t + o)) = cos(πt)·cos(πo) for whole t. Only rounding separates the sides.
        Regressors fourier = new Regressors(false, false, new double[] {7, 365.25, 4}, new int[] {3, 2, 2});
        double[] coef = new double[fourier.count()];
        for (int c = 0; c < coef.length; c++) {
            coef[c] = 0.1 * (c + 1) * (c % 2 == 0 ? 1 : -1);
        }
        PoissonSeasonality.SeasonalIndex index = new PoissonSeasonality.SeasonalIndex(fourier, coef);
        for (int offset : new int[] {-400, -3, 0, 1, 5, 200, 731}) {
            PoissonSeasonality.SeasonalIndex shifted = index.shifted(offset);
            for (int t = -10; t <= 800; t += 7) {
                assertEquals(index.at(t + offset), shifted.at(t), 1e-12 * index.at(t + offset),
                        "offset " + offset + ", t " + t);
            }
        }
    }
}
