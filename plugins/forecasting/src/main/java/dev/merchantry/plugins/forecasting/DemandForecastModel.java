package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;
import dev.merchantry.plugins.forecasting.simple.NaivePredictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@link ForecastModel} every strategy of this plugin returns: a fitted {@link Predictor} plus the rules that
 * make its output safe to serve.
 *
 * <ul>
 *   <li>Forecasts start after the end of the series even when its last periods were unobserved (stock-outs): the
 *       predictor, fitted up to the last observation, forecasts {@code trailingGap} extra steps that are dropped.</li>
 *   <li>Demand is never negative: with {@code nonNegative} (the default) means and bounds are clipped at 0.</li>
 *   <li>Means and bounds are finite and ordered (lower ≤ mean ≤ upper, narrower levels inside wider ones); a
 *       predictor that produces non-finite values (e.g. an explosive model far ahead) is replaced for that call by
 *       the naive fallback fitted alongside it.</li>
 * </ul>
 */
public final class DemandForecastModel implements ForecastModel {

    static final int FORMAT = 1;

    private final String strategyId;
    private final Predictor predictor;
    private final Predictor fallback;
    private final int trailingGap;
    private final boolean nonNegative;

    public DemandForecastModel(String strategyId, Predictor predictor, Predictor fallback, int trailingGap,
                               boolean nonNegative) {
        this.strategyId = strategyId;
        this.predictor = predictor;
        this.fallback = fallback;
        this.trailingGap = trailingGap;
        this.nonNegative = nonNegative;
    }

    /** The fitted model behind the forecasts. */
    public Predictor predictor() {
        return predictor;
    }

    @Override
    public String description() {
        return predictor.description();
    }

    @Override
    public Forecast forecast(int horizon, double... levels) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        double[] sorted = levels.clone();
        for (double level : sorted) {
            if (!(level > 0 && level < 100)) {
                throw new IllegalArgumentException("interval level must be in (0, 100), got " + level);
            }
        }
        Arrays.sort(sorted);
        Prediction p = predictor.predict(horizon + trailingGap, sorted);
        if (!isFinite(p)) {
            p = fallback.predict(horizon + trailingGap, sorted);
        }
        double[] mean = Arrays.copyOfRange(p.mean(), trailingGap, trailingGap + horizon);
        double[][] lo = new double[sorted.length][];
        double[][] hi = new double[sorted.length][];
        for (int l = 0; l < sorted.length; l++) {
            lo[l] = Arrays.copyOfRange(p.lower()[l], trailingGap, trailingGap + horizon);
            hi[l] = Arrays.copyOfRange(p.upper()[l], trailingGap, trailingGap + horizon);
        }
        for (int i = 0; i < horizon; i++) {
            if (nonNegative) {
                mean[i] = Math.max(0, mean[i]);
            }
            // narrowest level first: each interval contains the mean and the narrower intervals
            double innerLo = mean[i];
            double innerHi = mean[i];
            for (int l = 0; l < sorted.length; l++) {
                double a = Math.min(Math.min(lo[l][i], hi[l][i]), innerLo);
                double b = Math.max(Math.max(lo[l][i], hi[l][i]), innerHi);
                if (nonNegative) {
                    a = Math.max(0, a);
                }
                lo[l][i] = a;
                hi[l][i] = b;
                innerLo = a;
                innerHi = b;
            }
        }
        List<PredictionInterval> intervals = new ArrayList<>();
        for (double level : levels) {
            int l = Arrays.binarySearch(sorted, level);
            intervals.add(new PredictionInterval(level, lo[l], hi[l]));
        }
        return new Forecast(predictor.description(), mean, intervals);
    }

    private static boolean isFinite(Prediction p) {
        for (double v : p.mean()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (int l = 0; l < p.levels().length; l++) {
            for (int i = 0; i < p.mean().length; i++) {
                if (!Double.isFinite(p.lower()[l][i]) || !Double.isFinite(p.upper()[l][i])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Map<String, Double> metrics() {
        return predictor.metrics();
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter().writeInt(trailingGap).writeBoolean(nonNegative);
        PredictorCodec.write(predictor, w);
        PredictorCodec.write(fallback, w);
        return w.toModel(strategyId, FORMAT);
    }

    /** Reads a model written by {@link #serialize()} of strategy {@code strategyId}. */
    public static DemandForecastModel read(SerializedModel model, String strategyId) {
        model.requireFormat(strategyId, FORMAT);
        try {
            ModelReader r = new ModelReader(model);
            int gap = r.readInt();
            boolean nonNegative = r.readBoolean();
            Predictor p = PredictorCodec.read(r);
            Predictor fallback = PredictorCodec.read(r);
            if (gap < 0 || !(fallback instanceof NaivePredictor)) {
                throw new ModelFormatException("corrupt " + strategyId + " model");
            }
            return new DemandForecastModel(strategyId, p, fallback, gap, nonNegative);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException("corrupt " + strategyId + " model: " + e, e);
        }
    }
}
