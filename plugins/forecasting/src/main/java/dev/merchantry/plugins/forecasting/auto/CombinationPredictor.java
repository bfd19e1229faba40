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
 * A weighted average of several models' forecasts. Interval bounds are the same weighted average of the members'
 * bounds ("quantile averaging", which Lichtendahl, Grushka-Cockayne &amp; Winkler 2013 show keeps calibration
 * better than averaging the distributions).
 */
public final class CombinationPredictor implements Predictor {

    public static final String KIND = "combination";

    private final List<Predictor> members;
    private final double[] weights;

    public CombinationPredictor(List<Predictor> members, double[] weights) {
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
        return members.size() == 1 ? names.get(0) : "Combination of " + String.join(" + ", names);
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
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

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("members", (double) members.size());
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeDoubles(weights);
        for (Predictor p : members) {
            PredictorCodec.write(p, out);
        }
    }

    public static CombinationPredictor read(ModelReader in) {
        double[] w = in.readDoubles();
        if (w.length == 0 || w.length > 16) {
            throw new ModelFormatException("corrupt combination: " + w.length + " members");
        }
        List<Predictor> members = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            members.add(PredictorCodec.read(in));
        }
        return new CombinationPredictor(members, w);
    }
}
