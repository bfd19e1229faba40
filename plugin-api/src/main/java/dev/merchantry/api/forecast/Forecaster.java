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
 *   <li>A training job for a shop calls {@link #fit(TimeSeries, TimeSeries, Config, StrategyContext)} once per
 *       product series, from several worker threads at once (and possibly on several nodes), with the summed demand
 *       of the product's category as the group; the platform reports the job's progress as series complete.</li>
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
     * Fits a model to one series given the demand of the group it belongs to: on the platform, the summed daily
     * demand of every product in the product's category, ending where the series ends. A group's aggregate shows a
     * seasonal profile that one product's short or sparse history cannot (top-down seasonality); strategies may
     * borrow it or ignore it. Same rules as {@link #fit(TimeSeries, Config, StrategyContext)}, which the default
     * calls, ignoring the group.
     *
     * @param group the group's demand, same frequency; {@code null} when the product has no group
     */
    default ForecastModel fit(TimeSeries series, TimeSeries group, Config config, StrategyContext context) {
        return fit(series, config, context);
    }

    /**
     * Reads a model this strategy serialized, in any format version it ever wrote.
     *
     * @throws ModelFormatException when the bytes are not such a model
     * @since 0.1.0
     */
    ForecastModel load(SerializedModel model);
}
