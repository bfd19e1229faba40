package dev.merchantry.api.forecast;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;

/**
 * A forecaster strategy: fits one model per series.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>The platform loads the plugin and reads {@link #descriptor()} once.</li>
 *   <li>A training job for a shop calls {@link #fit} once per product series, from several worker threads at once
 *       (and possibly on several nodes); the platform reports the job's progress as series complete.</li>
 *   <li>It stores each {@code model.serialize()}; on restart or another node it calls {@link #load}.</li>
 *   <li>{@link ForecastModel#forecast} is called concurrently on the shared models.</li>
 * </ol>
 *
 * @since 0.1.0
 */
public interface Forecaster extends Strategy {

    /**
     * Fits a model to one series. Must never throw for short, constant, intermittent or gappy series: degrade to a
     * simpler model instead (an empty or all-missing series may forecast zero demand).
     *
     * @since 0.1.0
     */
    ForecastModel fit(TimeSeries series, Config config, StrategyContext context);

    /**
     * Reads a model this strategy serialized, in any format version it ever wrote.
     *
     * @throws ModelFormatException when the bytes are not such a model
     * @since 0.1.0
     */
    ForecastModel load(SerializedModel model);
}
