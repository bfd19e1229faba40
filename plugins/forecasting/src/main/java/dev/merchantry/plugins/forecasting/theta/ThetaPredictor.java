package dev.merchantry.plugins.forecasting.theta;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.ets.EtsFitter;
import dev.merchantry.plugins.forecasting.ets.EtsPredictor;
import dev.merchantry.plugins.forecasting.ets.EtsSpec;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;
import dev.merchantry.plugins.forecasting.series.Decomposition;
import dev.merchantry.plugins.forecasting.series.Observations;
import dev.merchantry.plugins.forecasting.series.SeasonalityTest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Theta method of Assimakopoulos &amp; Nikolopoulos (2000) in the form Hyndman &amp; Billah (2003) showed it
 * equals — simple exponential smoothing with drift equal to half the slope of a linear trend — as R's
 * {@code thetaf}: when the seasonality test at lag m passes (90%), the series is first divided by the indices of
 * a classical multiplicative decomposition and the forecasts multiplied back.
 *
 * <p>ŷ(T+h) = ℓ_T + (b/2)·((h − 1) + (1 − (1 − α)^T)/α), σ_h = σ·√((h − 1)α² + 1). Unlike {@code thetaf}, which
 * adds the deseasonalised standard error to the reseasonalised mean, interval bounds are multiplied by the
 * seasonal index too, so they scale with the season.
 */
public final class ThetaPredictor implements Predictor {

    public static final String KIND = "theta";

    private final double level;
    private final double alpha;
    private final double halfSlope;
    private final int n;
    private final double sigma2;
    /** Seasonal indices for t ≡ j (mod m) counted from the first fitted value; length 1 (= 1.0) if none. */
    private final double[] figure;

    ThetaPredictor(double level, double alpha, double halfSlope, int n, double sigma2, double[] figure) {
        this.level = level;
        this.alpha = alpha;
        this.halfSlope = halfSlope;
        this.n = n;
        this.sigma2 = sigma2;
        this.figure = figure;
    }

    /** Fits on {@code y} (interior gaps interpolated) with seasonal period m (1 for none). */
    public static ThetaPredictor fit(double[] yRaw, int m) {
        double[] x = Observations.interpolate(yRaw);
        int n = x.length;
        double[] figure = {1.0};
        boolean positive = Observations.min(x) > 0;
        if (m >= 2 && positive && SeasonalityTest.acfSeasonal(x, m)) {
            Decomposition d = Decomposition.of(x, m, true);
            boolean ok = true;
            for (double f : d.figure()) {
                ok &= Math.abs(f) >= 1e-4;
            }
            if (ok) {
                figure = d.figure();
                double[] adj = new double[n];
                for (int t = 0; t < n; t++) {
                    adj[t] = x[t] / figure[t % m];
                }
                x = adj;
            }
        }
        EtsPredictor ses = EtsFitter.fit(x, new EtsSpec('A', 'N', false, 'N', 1), EtsFitter.DEFAULT_EVALUATIONS, 0);
        double level;
        double alpha;
        double sigma2;
        if (ses == null) {
            level = x[n - 1];
            alpha = 1;
            sigma2 = 0;
        } else {
            level = ses.predict(1, new double[0]).mean()[0];
            alpha = Math.max(1e-10, ses.parameters()[0]);
            sigma2 = ses.sigma2();
        }
        double mt = (n - 1) / 2.0;
        double my = 0;
        for (double v : x) {
            my += v / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t - mt) * (x[t] - my);
            sxx += (t - mt) * (t - mt);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        return new ThetaPredictor(level, alpha, slope / 2, n, sigma2, figure);
    }

    @Override
    public String description() {
        return figure.length > 1 ? "Theta (seasonally adjusted, m=" + figure.length + ")" : "Theta";
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        double[] mean = new double[horizon];
        double[] sd = new double[horizon];
        double[] index = new double[horizon];
        double tail = (1 - Math.pow(1 - alpha, n)) / alpha;
        for (int h = 1; h <= horizon; h++) {
            mean[h - 1] = level + halfSlope * ((h - 1) + tail);
            sd[h - 1] = Math.sqrt(sigma2 * ((h - 1) * alpha * alpha + 1));
            index[h - 1] = figure[(n + h - 1) % figure.length];
        }
        return Prediction.gaussian(mean, sd, levels).times(index);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("drift", halfSlope);
        m.put("sigma2", sigma2);
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeDouble(level).writeDouble(alpha).writeDouble(halfSlope).writeInt(n).writeDouble(sigma2).writeDoubles(figure);
    }

    public static ThetaPredictor read(ModelReader in) {
        double level = in.readDouble();
        double alpha = in.readDouble();
        double half = in.readDouble();
        int n = in.readInt();
        double sigma2 = in.readDouble();
        double[] figure = in.readDoubles();
        if (figure.length == 0 || n < 0) {
            throw new ModelFormatException("corrupt Theta model");
        }
        return new ThetaPredictor(level, alpha, half, n, sigma2, figure);
    }
}
