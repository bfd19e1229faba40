package dev.merchantry.plugins.forecasting.intermittent;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Croston's method (Croston 1972) for intermittent demand, with the Syntetos–Boylan (2005) bias correction (SBA):
 * simple exponential smoothing (initialised at the first value, as R's {@code croston}) of the non-zero demand
 * sizes z and of the intervals p between them; the forecast per period is z/p, times (1 − α/2) for SBA.
 *
 * <p>Croston's method has no standard interval. Here each future period's demand is taken as zero with
 * probability 1 − 1/p and otherwise a draw from the observed non-zero sizes (the last {@value #MAX_SIZES}), and
 * the interval bounds are quantiles of that mixture, so a level's lower bound is 0 whenever a zero period is
 * likely enough. Unobserved periods (NaN) are dropped, neither zeros nor demands.
 */
public final class CrostonPredictor implements Predictor {

    public static final String KIND = "croston";
    static final int MAX_SIZES = 200;

    private final double forecast;
    private final double interval;
    private final double alpha;
    private final boolean sba;
    private final double[] sizes;

    CrostonPredictor(double forecast, double interval, double alpha, boolean sba, double[] sizes) {
        this.forecast = forecast;
        this.interval = interval;
        this.alpha = alpha;
        this.sba = sba;
        this.sizes = sizes;
    }

    public static CrostonPredictor fit(double[] y, double alpha, boolean sba) {
        List<Double> demand = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        int since = 0;
        for (double v : y) {
            if (Double.isNaN(v)) {
                continue;
            }
            since++;
            if (v > 0) {
                demand.add(v);
                gaps.add((double) since);
                since = 0;
            }
        }
        if (demand.isEmpty()) {
            return new CrostonPredictor(0, 1, alpha, sba, new double[0]);
        }
        double z = smooth(demand, alpha);
        double p = smooth(gaps, alpha);
        double f = z / p * (sba ? 1 - alpha / 2 : 1);
        int from = Math.max(0, demand.size() - MAX_SIZES);
        double[] s = new double[demand.size() - from];
        for (int i = from; i < demand.size(); i++) {
            s[i - from] = demand.get(i);
        }
        Arrays.sort(s);
        return new CrostonPredictor(f, p, alpha, sba, s);
    }

    /** Level after simple exponential smoothing started at the first value. */
    private static double smooth(List<Double> v, double alpha) {
        double level = v.get(0);
        for (int i = 1; i < v.size(); i++) {
            level += alpha * (v.get(i) - level);
        }
        return level;
    }

    @Override
    public String description() {
        return sba ? "Croston (SBA)" : "Croston";
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        double[] mean = new double[horizon];
        Arrays.fill(mean, forecast);
        double[][] lo = new double[levels.length][horizon];
        double[][] hi = new double[levels.length][horizon];
        double pi = Math.min(1, 1 / Math.max(1, interval));
        for (int l = 0; l < levels.length; l++) {
            double tail = (100 - levels[l]) / 200;
            double a = mixtureQuantile(sizes, tail, pi);
            double b = mixtureQuantile(sizes, 1 - tail, pi);
            Arrays.fill(lo[l], a);
            Arrays.fill(hi[l], b);
        }
        return new Prediction(mean, levels, lo, hi);
    }

    /**
     * The q-quantile of "0 with probability 1 − pi, else one of the sorted {@code sizes}" (linear interpolation
     * between order statistics).
     */
    static double mixtureQuantile(double[] sizes, double q, double pi) {
        if (sizes.length == 0 || q <= 1 - pi) {
            return 0;
        }
        double within = (q - (1 - pi)) / pi;
        double pos = (sizes.length - 1) * within;
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sizes.length - 1);
        return sizes[i] + (pos - i) * (sizes[j] - sizes[i]);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("demand_per_period", forecast);
        m.put("mean_interval", interval);
        m.put("alpha", alpha);
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeDouble(forecast).writeDouble(interval).writeDouble(alpha).writeBoolean(sba).writeDoubles(sizes);
    }

    public static CrostonPredictor read(ModelReader in) {
        double f = in.readDouble();
        double p = in.readDouble();
        double alpha = in.readDouble();
        boolean sba = in.readBoolean();
        double[] sizes = in.readDoubles();
        if (!(p > 0)) {
            throw new ModelFormatException("corrupt Croston model");
        }
        return new CrostonPredictor(f, p, alpha, sba, sizes);
    }
}
