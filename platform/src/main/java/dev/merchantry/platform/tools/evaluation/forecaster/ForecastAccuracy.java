package dev.merchantry.platform.tools.evaluation.forecaster;

/**
 * Accuracy measures of the M4 competition (Makridakis, Spiliotis &amp; Assimakopoulos 2020), over the held-out
 * steps whose actual value was observed (NaN actuals are skipped):
 * <ul>
 *   <li>MAE = mean |y − ŷ|, RMSE = √mean (y − ŷ)²;</li>
 *   <li>sMAPE = mean 200·|y − ŷ| / (|y| + |ŷ|) in percent (a step with y = ŷ = 0 counts as 0);</li>
 *   <li>MASE = MAE / (mean over the training data of |y_t − y_{t−m}|), the in-sample MAE of the seasonal naive
 *       method with m the seasonal period rounded (1 for none, or when the training data is not longer than m),
 *       pairs with an unobserved value skipped;</li>
 *   <li>coverage = share of actuals inside the 80% (95%) interval, bounds included.</li>
 * </ul>
 */
public final class ForecastAccuracy {

    private ForecastAccuracy() {
    }

    /** The measures of one forecast. */
    public record Scores(double mae, double rmse, double smape, double mase, double coverage80, double coverage95, int scored) {
    }

    /** In-sample MAE of the seasonal naive method at lag m (falls back to lag 1 when m ≥ n); NaN if undefined. */
    public static double seasonalNaiveScale(double[] train, int m) {
        int lag = m >= 1 && train.length > m ? m : 1;
        double sum = 0;
        int count = 0;
        for (int t = lag; t < train.length; t++) {
            if (!Double.isNaN(train[t]) && !Double.isNaN(train[t - lag])) {
                sum += Math.abs(train[t] - train[t - lag]);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    public static Scores score(double[] actual, double[] mean, double[] lo80, double[] hi80, double[] lo95, double[] hi95,
                               double scale) {
        double ae = 0;
        double se = 0;
        double sape = 0;
        int in80 = 0;
        int in95 = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            double y = actual[i];
            if (Double.isNaN(y)) {
                continue;
            }
            double e = y - mean[i];
            ae += Math.abs(e);
            se += e * e;
            double denom = Math.abs(y) + Math.abs(mean[i]);
            sape += denom == 0 ? 0 : 200 * Math.abs(e) / denom;
            if (y >= lo80[i] && y <= hi80[i]) {
                in80++;
            }
            if (y >= lo95[i] && y <= hi95[i]) {
                in95++;
            }
            n++;
        }
        if (n == 0) {
            return new Scores(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mae = ae / n;
        double mase = scale > 0 ? mae / scale : Double.NaN;
        return new Scores(mae, Math.sqrt(se / n), sape / n, mase, (double) in80 / n, (double) in95 / n, n);
    }
}
