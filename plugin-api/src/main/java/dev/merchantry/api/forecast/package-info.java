/** The forecaster kind: fits one demand time series, forecasts it with prediction intervals. */
package dev.merchantry.api.forecast;
