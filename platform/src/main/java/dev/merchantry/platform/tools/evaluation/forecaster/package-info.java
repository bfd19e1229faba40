/**
 * Offline evaluation of forecasters: reads a {@code date,value} series file, holds out the last H points (or
 * H points at each of K rolling origins), fits the strategy on what precedes and scores its forecasts with the
 * M4 competition's measures ({@link dev.merchantry.platform.tools.evaluation.forecaster.ForecastAccuracy}).
 */
package dev.merchantry.platform.tools.evaluation.forecaster;
