package dev.merchantry.plugins.forecasting.arima;

import dev.merchantry.plugins.forecasting.Reference;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fixed-order ARIMA fits against R's forecast::Arima (8.20) on R's data sets; reference values from
 * src/test/r/reference.R. Tolerances: log-likelihood within 0.05% (our optimiser and R's BFGS stop at slightly
 * different points of a flat optimum), coefficients within 0.02 absolute, σ² within 1%, point forecasts and
 * interval bounds within 0.5% of the series' scale.
 */
class ArimaReferenceTest {

    static final double LOGLIK_RELATIVE = 5e-4;
    static final double COEFFICIENT_ABSOLUTE = 0.02;
    static final double SIGMA2_RELATIVE = 0.01;
    static final double FORECAST_RELATIVE = 0.005;

    private static final Map<String, Map<String, double[]>> R = Reference.values("arima.csv");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "air_log_airline, airpassengers, true, 0,1,1, 0,1,1, 12, false, false",
            "lh_ar1, lh, false, 1,0,0, 0,0,0, 1, true, false",
            "lh_ar3, lh, false, 3,0,0, 0,0,0, 1, true, false",
            "wwwusage_111, wwwusage, false, 1,1,1, 0,0,0, 1, false, false",
            "usaccdeaths_airline, usaccdeaths, false, 0,1,1, 0,1,1, 12, false, false",
            "austres_110_drift, austres, false, 1,1,0, 0,0,0, 4, false, true",
            "presidents_ar1_missing, presidents, false, 1,0,0, 0,0,0, 4, true, false",
            "ukgas_log_sarima, ukgas, true, 1,1,0, 0,1,1, 4, false, false",
    })
    void matchesR(String rCase, String series, boolean log, int p, int d, int q, int sp, int sd, int sq, int period,
                  boolean mean, boolean drift) {
        double[] y = Reference.series(series);
        if (log) {
            y = Reference.log(y);
        }
        ArimaOrder order = new ArimaOrder(p, d, q, sp, sd, sq, period);
        ArimaPredictor fit = ArimaFitter.fit(y, order, Regressors.of(mean, drift), ArimaFitter.Method.CSS_ML);
        Map<String, double[]> r = R.get(rCase);
        assertEquals(r.get("loglik")[0], fit.loglik(), Math.abs(r.get("loglik")[0]) * LOGLIK_RELATIVE + 0.01, rCase + " loglik");
        assertEquals(r.get("aicc")[0], fit.aicc(), Math.abs(r.get("loglik")[0]) * 2 * LOGLIK_RELATIVE + 0.02, rCase + " aicc");
        double[] coef = r.get("coef");
        double[] ours = concat(fit.coefficients(), fit.regressionCoefficients());
        assertEquals(coef.length, ours.length, rCase + " coefficient count");
        for (int i = 0; i < coef.length; i++) {
            assertEquals(coef[i], ours[i], COEFFICIENT_ABSOLUTE * Math.max(1, Math.abs(coef[i])), rCase + " coef " + i);
        }
        assertEquals(r.get("sigma2")[0], fit.sigma2(), r.get("sigma2")[0] * SIGMA2_RELATIVE, rCase + " sigma2");
        double[] rMean = r.get("mean");
        Prediction f = fit.predict(rMean.length, new double[] {80, 95});
        double scale = scale(y);
        for (int h = 0; h < rMean.length; h++) {
            double tol = FORECAST_RELATIVE * scale;
            assertEquals(rMean[h], f.mean()[h], tol, rCase + " mean h=" + (h + 1));
            assertEquals(r.get("lo80")[h], f.lower()[0][h], tol, rCase + " lo80 h=" + (h + 1));
            assertEquals(r.get("hi80")[h], f.upper()[0][h], tol, rCase + " hi80 h=" + (h + 1));
            assertEquals(r.get("lo95")[h], f.lower()[1][h], tol, rCase + " lo95 h=" + (h + 1));
            assertEquals(r.get("hi95")[h], f.upper()[1][h], tol, rCase + " hi95 h=" + (h + 1));
        }
    }

    static double scale(double[] y) {
        double s = 0;
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                s += Math.abs(v);
                n++;
            }
        }
        return s / n;
    }

    static double[] concat(double[] a, double[] b) {
        double[] o = new double[a.length + b.length];
        System.arraycopy(a, 0, o, 0, a.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }
}
