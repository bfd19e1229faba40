package @PACKAGE@;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A fitted smoothing level and the spread of its one-step errors; immutable and safe for concurrent use. */
final class @CLASS@Model implements ForecastModel {

    /** Raise it when {@link #serialize()} changes, and keep {@link #read} able to read every older format. */
    static final int FORMAT = 1;

    private final double alpha;
    private final double level;
    private final double sigma;

    @CLASS@Model(double alpha, double level, double sigma) {
        this.alpha = alpha;
        this.level = level;
        this.sigma = sigma;
    }

    @Override
    public String description() {
        return String.format(java.util.Locale.ROOT, "SES(alpha=%.2f)", alpha);
    }

    /**
     * The mean is the level (demand is never negative, so it and the bounds are floored at 0); the variance of the
     * h-step error is sigma^2 (1 + alpha^2 (h - 1)) (Hyndman et al. 2008, table 6.1, class 1).
     */
    @Override
    public Forecast forecast(int horizon, double... levels) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        double[] mean = new double[horizon];
        Arrays.fill(mean, Math.max(0, level));
        List<PredictionInterval> intervals = new ArrayList<>();
        for (double coverage : levels) {
            double z = NormalQuantile.of(0.5 + coverage / 200);
            double[] lower = new double[horizon];
            double[] upper = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                double sd = sigma * Math.sqrt(1 + alpha * alpha * (h - 1));
                lower[h - 1] = Math.max(0, level - z * sd);
                upper[h - 1] = Math.max(0, level + z * sd);
            }
            intervals.add(new PredictionInterval(coverage, lower, upper));
        }
        return new Forecast(description(), mean, intervals);
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("alpha", alpha, "level", level, "sigma", sigma);
    }

    @Override
    public SerializedModel serialize() {
        return new ModelWriter().writeDouble(alpha).writeDouble(level).writeDouble(sigma)
                .toModel(@CLASS@Forecaster.ID, FORMAT);
    }

    static @CLASS@Model read(SerializedModel model) {
        model.requireFormat(@CLASS@Forecaster.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        double alpha = r.readDouble();
        double level = r.readDouble();
        double sigma = r.readDouble();
        if (!(alpha > 0 && alpha <= 1) || !Double.isFinite(level) || !(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new ModelFormatException("not a " + @CLASS@Forecaster.ID + " model: alpha " + alpha + ", level "
                    + level + ", sigma " + sigma);
        }
        return new @CLASS@Model(alpha, level, sigma);
    }

    /** The standard normal quantile by Acklam's rational approximation (relative error below 1.2e-9). */
    static final class NormalQuantile {
        private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        private static final double P_LOW = 0.02425;

        private NormalQuantile() {
        }

        static double of(double p) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
            }
            if (p < P_LOW) {
                double q = Math.sqrt(-2 * Math.log(p));
                return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                        / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
            }
            if (p > 1 - P_LOW) {
                return -of(1 - p);
            }
            double q = p - 0.5;
            double r = q * q;
            return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }
    }
}
