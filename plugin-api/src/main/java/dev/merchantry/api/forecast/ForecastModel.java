package dev.merchantry.api.forecast;

import dev.merchantry.api.model.Model;

/**
 * A model fitted to one series: immutable and safe for concurrent use.
 *
 * @since 0.1.0
 */
public interface ForecastModel extends Model {

    /**
     * Human description of the fitted model, e.g. {@code ETS(A,Ad,M)}.
     *
     * @since 0.1.0
     */
    String description();

    /**
     * Forecasts the {@code horizon} periods following the fitted series.
     *
     * @param horizon number of future periods, at least 1
     * @param levels interval coverages in percent, e.g. {@code 80, 95}; each in (0, 100)
     * @return point forecasts and one interval per level; means and bounds are finite
     * @since 0.1.0
     */
    Forecast forecast(int horizon, double... levels);
}
