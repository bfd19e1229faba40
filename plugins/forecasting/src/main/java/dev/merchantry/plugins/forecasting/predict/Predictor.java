package dev.merchantry.plugins.forecasting.predict;

import dev.merchantry.api.model.ModelWriter;

import java.util.Map;

/**
 * A model fitted to the observed part of one series, forecasting the steps after its last observation. Immutable
 * and thread-safe. Each implementation has a {@link #kind() kind} tag under which {@link PredictorCodec} reads it
 * back.
 */
public interface Predictor {

    /** Human description, e.g. {@code ARIMA(0,1,1)(0,1,1)[12]}. */
    String description();

    /** Forecasts {@code horizon ≥ 1} steps with intervals at {@code levels} (percent), unclipped. */
    Prediction predict(int horizon, double[] levels);

    /** Fit statistics worth showing (aicc, loglik, sigma, …). */
    Map<String, Double> metrics();

    /** The tag {@link PredictorCodec} dispatches on. */
    String kind();

    /** Writes the parameters and final state (everything {@link #predict} needs), without the tag. */
    void write(ModelWriter out);
}
