package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.PredictorCodec;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A combination of several models' forecasts, either their weighted average or, per step, their median. Interval
 * bounds are combined the same way, bound by bound ("quantile averaging", which Lichtendahl, Grushka-Cockayne &amp;
 * Winkler 2013 show keeps calibration better than averaging the distributions; the median of quantiles is its
 * robust counterpart, Jose &amp; Winkler 2008). The median ignores one member that goes astray — Theta extrapolating
 * a multiplicative trend linearly, an ARIMA with the wrong differencing — where the average moves a third of the way
 * with it; with two members it is their average.
 */
public final class CombinationPredictor implements Predictor {

    public static final String KIND = "combination";
    public static final String KIND_MEDIAN = "median-combination";

    private final List<Predictor> members;
    private final double[] weights;
    private final boolean median;

    public CombinationPredictor(List<Predictor> members, double[] weights) {
        this(members, weights, false);
    }

    /** The per-step median of the members' forecasts and bounds (equal weights). */
    public static CombinationPredictor median(List<Predictor> members) {
        double[] w = new double[members.size()];
        java.util.Arrays.fill(w, 1);
        return new CombinationPredictor(members, w, true);
    }

    private CombinationPredictor(List<Predictor> members, double[] weights, boolean median) {
        if (members.isEmpty() || members.size() != weights.length) {
            throw new IllegalArgumentException("one weight per member, at least one member");
        }
        this.members = List.copyOf(members);
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        this.weights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i] / sum;
        }
        this.median = median;
    }

    public List<Predictor> members() {
        return members;
    }

    @Override
    public String description() {
        List<String> names = new ArrayList<>();
        for (Predictor p : members) {
            names.add(p.description());
        }
        return members.size() == 1 ? names.get(0)
                : (median ? "Median of " : "Combination of ") + String.join(" + ", names);
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        if (median) {
            return medianPredict(horizon, levels);
        }
        double[] mean = new double[horizon];
        double[][] lo = new double[levels.length][horizon];
        double[][] hi = new double[levels.length][horizon];
        for (int k = 0; k < members.size(); k++) {
            Prediction p = members.get(k).predict(horizon, levels);
            double w = weights[k];
            for (int i = 0; i < horizon; i++) {
                mean[i] += w * p.mean()[i];
                for (int l = 0; l < levels.length; l++) {
                    lo[l][i] += w * p.lower()[l][i];
                    hi[l][i] += w * p.upper()[l][i];
                }
            }
        }
        return new Prediction(mean, levels, lo, hi);
    }

    private Prediction medianPredict(int horizon, double[] levels) {
        List<Prediction> ps = new ArrayList<>();
        for (Predictor m : members) {
            ps.add(m.predict(horizon, levels));
        }
        double[] mean = new double[horizon];
        double[][] lo = new double[levels.length][horizon];
        double[][] hi = new double[levels.length][horizon];
        double[] v = new double[ps.size()];
        for (int i = 0; i < horizon; i++) {
            for (int k = 0; k < v.length; k++) {
                v[k] = ps.get(k).mean()[i];
            }
            mean[i] = medianOf(v);
            for (int l = 0; l < levels.length; l++) {
                for (int k = 0; k < v.length; k++) {
                    v[k] = ps.get(k).lower()[l][i];
                }
                lo[l][i] = medianOf(v);
                for (int k = 0; k < v.length; k++) {
                    v[k] = ps.get(k).upper()[l][i];
                }
                hi[l][i] = medianOf(v);
            }
        }
        return new Prediction(mean, levels, lo, hi);
    }

    private static double medianOf(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("members", (double) members.size());
        return m;
    }

    @Override
    public String kind() {
        return median ? KIND_MEDIAN : KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeDoubles(weights);
        for (Predictor p : members) {
            PredictorCodec.write(p, out);
        }
    }

    public static CombinationPredictor read(ModelReader in, boolean median) {
        double[] w = in.readDoubles();
        if (w.length == 0 || w.length > 16) {
            throw new ModelFormatException("corrupt combination: " + w.length + " members");
        }
        List<Predictor> members = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            members.add(PredictorCodec.read(in));
        }
        return new CombinationPredictor(members, w, median);
    }
}
