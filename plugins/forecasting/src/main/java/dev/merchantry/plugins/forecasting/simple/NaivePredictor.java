package dev.merchantry.plugins.forecasting.simple;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark methods of Hyndman &amp; Athanasopoulos, FPP3 §5.2 and table 5.2, with normal intervals:
 * <ul>
 *   <li>mean: ŷ = ȳ, σ_h = σ·√(1 + 1/T);</li>
 *   <li>naive: ŷ = y_T, σ_h = σ·√h;</li>
 *   <li>drift: ŷ = y_T + h·(y_T − y_1)/(T − 1), σ_h = σ·√(h·(1 + h/(T − 1))).</li>
 * </ul>
 * σ is the residual standard deviation of the method's one-step fits (R's {@code meanf}, {@code naive},
 * {@code rwf}).
 */
public final class NaivePredictor implements Predictor {

    public static final String KIND = "naive";

    /** Which benchmark. */
    public enum Method { MEAN, NAIVE, DRIFT }

    private final Method method;
    private final double level;
    private final double slope;
    private final double sigma;
    private final int length;

    public NaivePredictor(Method method, double level, double slope, double sigma, int length) {
        this.method = method;
        this.level = level;
        this.slope = slope;
        this.sigma = sigma;
        this.length = length;
    }

    /**
     * Fits on {@code y} (NaN = missing; gaps are bridged: the naive residuals are differences between
     * consecutive observations divided by √gap, the drift slope uses the first and last observation).
     */
    public static NaivePredictor fit(double[] y, Method method) {
        int first = -1;
        int last = -1;
        double sum = 0;
        int count = 0;
        for (int t = 0; t < y.length; t++) {
            if (!Double.isNaN(y[t])) {
                if (first < 0) {
                    first = t;
                }
                last = t;
                sum += y[t];
                count++;
            }
        }
        if (count == 0) {
            return new NaivePredictor(Method.MEAN, 0, 0, 0, 0);
        }
        double mean = sum / count;
        if (method == Method.MEAN || count == 1) {
            double ss = 0;
            for (double v : y) {
                if (!Double.isNaN(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            double sigma = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
            return new NaivePredictor(count == 1 ? Method.NAIVE : Method.MEAN, count == 1 ? y[last] : mean, 0, sigma, count);
        }
        int span = last - first;
        double slope = method == Method.DRIFT ? (y[last] - y[first]) / span : 0;
        double ss = 0;
        int nd = 0;
        int prev = first;
        for (int t = first + 1; t <= last; t++) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            int gap = t - prev;
            double e = (y[t] - y[prev] - slope * gap) / Math.sqrt(gap);
            ss += e * e;
            nd++;
            prev = t;
        }
        int dof = method == Method.DRIFT ? nd - 1 : nd;
        double sigma = dof > 0 ? Math.sqrt(ss / dof) : 0;
        return new NaivePredictor(method, y[last], slope, sigma, span + 1);
    }

    @Override
    public String description() {
        return switch (method) {
            case MEAN -> "Mean";
            case NAIVE -> "Naive method";
            case DRIFT -> "Random walk with drift";
        };
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        double[] mean = new double[horizon];
        double[] sd = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            mean[h - 1] = level + slope * h;
            sd[h - 1] = switch (method) {
                case MEAN -> sigma * Math.sqrt(1 + 1.0 / Math.max(1, length));
                case NAIVE -> sigma * Math.sqrt(h);
                case DRIFT -> sigma * Math.sqrt(h * (1 + (double) h / Math.max(1, length - 1)));
            };
        }
        return Prediction.gaussian(mean, sd, levels);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sigma", sigma);
        if (method == Method.DRIFT) {
            m.put("drift", slope);
        }
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeInt(method.ordinal()).writeDouble(level).writeDouble(slope).writeDouble(sigma).writeInt(length);
    }

    public static NaivePredictor read(ModelReader in) {
        int m = in.readInt();
        if (m < 0 || m >= Method.values().length) {
            throw new ModelFormatException("corrupt naive model: method " + m);
        }
        return new NaivePredictor(Method.values()[m], in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    }
}
