/**
 * Seasonal naive forecasting with normal prediction intervals, as in Hyndman &amp; Athanasopoulos,
 * "Forecasting: Principles and Practice" (3rd ed.), section 5.5, table 5.2.
 */
package dev.merchantry.plugins.baselines.seasonal;
