package dev.merchantry.plugins.baselines.seasonal;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * ŷ(T+h) = y(T+h−m(k+1)), k = ⌊(h−1)/m⌋, with σ_h = σ·√(k+1) where σ is the RMS of the in-sample seasonal
 * differences (FPP3 table 5.2). Lower bounds are clipped at 0 because the series are demand.
 */
final class SeasonalNaiveModel implements ForecastModel {

    static final int FORMAT = 1;
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    /** The last season: lastSeason[j] forecasts steps h with (h−1) mod m == j. */
    private final double[] lastSeason;
    private final double sigma;
    private final int m;

    private SeasonalNaiveModel(double[] lastSeason, double sigma, int m) {
        this.lastSeason = lastSeason;
        this.sigma = sigma;
        this.m = m;
    }

    /**
     * Fits on values where NaN means unobserved: each season position takes its last observed value; with fewer
     * than m observations the method falls back to naive on the last observed value; nothing observed gives 0.
     */
    static SeasonalNaiveModel fit(double[] y, int season) {
        int n = y.length;
        int observed = 0;
        double lastObserved = Double.NaN;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                observed++;
                lastObserved = v;
            }
        }
        if (observed == 0) {
            return new SeasonalNaiveModel(new double[] {0}, 0, 1);
        }
        int m = observed < season ? 1 : season;
        double[] last = new double[m];
        for (int j = 0; j < m; j++) {
            // Step h = j + 1 maps to position n + j − m of the series; walk back whole seasons past gaps.
            double v = Double.NaN;
            for (int t = n + j - m; t >= 0 && Double.isNaN(v); t -= m) {
                v = y[t];
            }
            last[j] = Double.isNaN(v) ? lastObserved : v;
        }
        double sum = 0;
        int count = 0;
        for (int t = m; t < n; t++) {
            if (!Double.isNaN(y[t]) && !Double.isNaN(y[t - m])) {
                double e = y[t] - y[t - m];
                sum += e * e;
                count++;
            }
        }
        double sigma = count == 0 ? 0 : Math.sqrt(sum / count);
        return new SeasonalNaiveModel(last, sigma, m);
    }

    @Override
    public String description() {
        return m == 1 ? "Naive method" : "Seasonal naive method [" + m + "]";
    }

    @Override
    public Forecast forecast(int horizon, double... levels) {
        double[] mean = new double[horizon];
        double[] sd = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            int k = (h - 1) / m;
            mean[h - 1] = lastSeason[(h - 1) % m];
            sd[h - 1] = sigma * Math.sqrt(k + 1);
        }
        List<PredictionInterval> intervals = new ArrayList<>();
        for (double level : levels) {
            double z = NORMAL.inverseCumulativeProbability(0.5 + level / 200.0);
            double[] lo = new double[horizon];
            double[] hi = new double[horizon];
            for (int i = 0; i < horizon; i++) {
                lo[i] = Math.max(0, mean[i] - z * sd[i]);
                hi[i] = mean[i] + z * sd[i];
            }
            intervals.add(new PredictionInterval(level, lo, hi));
        }
        return new Forecast(description(), mean, intervals);
    }

    @Override
    public java.util.Map<String, Double> metrics() {
        return java.util.Map.of("sigma", sigma, "season", (double) m);
    }

    @Override
    public SerializedModel serialize() {
        return new ModelWriter().writeInt(m).writeDouble(sigma).writeDoubles(lastSeason)
                .toModel(SeasonalNaiveForecaster.ID, FORMAT);
    }

    static SeasonalNaiveModel read(SerializedModel model) {
        model.requireFormat(SeasonalNaiveForecaster.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        int m = r.readInt();
        double sigma = r.readDouble();
        double[] last = r.readDoubles();
        if (m < 1 || last.length != m || !(sigma >= 0)) {
            throw new dev.merchantry.api.model.ModelFormatException("corrupt seasonal-naive model");
        }
        return new SeasonalNaiveModel(last, sigma, m);
    }
}
