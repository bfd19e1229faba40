package dev.merchantry.plugins.forecasting.ets;

import dev.merchantry.plugins.forecasting.Reference;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixed ETS models against R's forecast::ets (8.20), reference values from src/test/r/reference.R.
 *
 * <p>First, at R's fitted parameters and initial states, our likelihood, σ², forecast means and intervals (the
 * analytic ones of classes 1–3) must equal R's to 10⁻⁶ relative. Second, our own maximum-likelihood search must reach R's "loglik" (−½(n log Σe² + 2Σlog|ŷ|))
 * to within 0.5% of its magnitude. Where the optimum is well identified, the parameters must also be within
 * 0.05 and the point forecasts within 2% of the series' mean; for USAccDeaths ETS(A,A,A) and AirPassengers
 * ETS(M,A,M) the likelihood is flat and both searches stop at different points of equal fit (ours slightly
 * higher), so only the likelihood is compared there.
 */
class EtsReferenceTest {

    static final double EXACT_RELATIVE = 1e-6;
    static final double LOGLIK_RELATIVE = 0.005;
    static final double PARAMETER_ABSOLUTE = 0.05;
    static final double FORECAST_RELATIVE = 0.02;

    private static final Map<String, Map<String, double[]>> R = Reference.values("ets.csv");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "nile_ann, nile, ANN, 1",
            "wwwusage_aadn, wwwusage, AAdN, 1",
            "austres_aan, austres, AAN, 4",
            "usaccdeaths_aaa, usaccdeaths, AAA, 12",
            "air_mam, airpassengers, MAM, 12",
            "ukgas_mnm, ukgas, MNM, 4",
    })
    void atRsParametersEverythingMatches(String rCase, String series, String model, int period) {
        double[] y = Reference.series(series);
        Map<String, double[]> r = R.get(rCase);
        EtsPredictor p = EtsFitter.withParameters(y, EtsSpec.parse(model, period), r.get("fullpar"), 42);
        assertNotNull(p, rCase + ": R's parameters must be inside our parameter region");
        assertEquals(r.get("loglik")[0], p.loglik(), Math.abs(r.get("loglik")[0]) * EXACT_RELATIVE, rCase + " loglik");
        assertEquals(r.get("sigma2")[0], p.sigma2(), r.get("sigma2")[0] * EXACT_RELATIVE, rCase + " sigma2");
        double[] rMean = r.get("mean");
        Prediction f = p.predict(rMean.length, new double[] {80, 95});
        for (int h = 0; h < rMean.length; h++) {
            assertEquals(rMean[h], f.mean()[h], Math.abs(rMean[h]) * EXACT_RELATIVE, rCase + " mean h=" + (h + 1));
            String[] names = {"lo80", "hi80", "lo95", "hi95"};
            double[] ours = {f.lower()[0][h], f.upper()[0][h], f.lower()[1][h], f.upper()[1][h]};
            for (int k = 0; k < 4; k++) {
                double expected = r.get(names[k])[h];
                double tol = Math.abs(expected) * EXACT_RELATIVE;
                assertEquals(expected, ours[k], tol, rCase + " " + names[k] + " h=" + (h + 1));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "nile_ann, nile, ANN, 1, true",
            "wwwusage_aadn, wwwusage, AAdN, 1, true",
            "austres_aan, austres, AAN, 4, true",
            "usaccdeaths_aaa, usaccdeaths, AAA, 12, false",
            "air_mam, airpassengers, MAM, 12, false",
            "ukgas_mnm, ukgas, MNM, 4, true",
    })
    void maximumLikelihoodFitReachesRs(String rCase, String series, String model, int period, boolean identified) {
        double[] y = Reference.series(series);
        EtsPredictor fit = EtsFitter.fit(y, EtsSpec.parse(model, period), EtsFitter.DEFAULT_EVALUATIONS, 42);
        assertNotNull(fit, rCase);
        Map<String, double[]> r = R.get(rCase);
        double rLoglik = r.get("loglik")[0];
        double tol = Math.abs(rLoglik) * LOGLIK_RELATIVE;
        assertTrue(fit.loglik() > rLoglik - tol, rCase + " loglik " + fit.loglik() + " vs R " + rLoglik);
        if (!identified) {
            return;
        }
        double[] rPar = r.get("par");
        double[] ours = fit.parameters();
        int c = 0;
        assertEquals(rPar[c++], ours[0], PARAMETER_ABSOLUTE, rCase + " alpha");
        if (fit.spec().trended()) {
            assertEquals(rPar[c++], ours[1], PARAMETER_ABSOLUTE, rCase + " beta");
        }
        if (fit.spec().seasonal()) {
            assertEquals(rPar[c++], ours[2], PARAMETER_ABSOLUTE, rCase + " gamma");
        }
        if (fit.spec().damped()) {
            assertEquals(rPar[c], ours[3], PARAMETER_ABSOLUTE, rCase + " phi");
        }
        double[] rMean = r.get("mean");
        Prediction f = fit.predict(rMean.length, new double[] {80, 95});
        double scale = mean(y);
        for (int h = 0; h < rMean.length; h++) {
            assertEquals(rMean[h], f.mean()[h], FORECAST_RELATIVE * scale, rCase + " mean h=" + (h + 1));
        }
    }

    static double mean(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v;
        }
        return s / y.length;
    }
}
