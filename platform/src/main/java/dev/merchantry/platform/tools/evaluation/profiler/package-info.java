/**
 * {@code merchantry evaluate profiler}: calibration/holdout evaluation of lifetime-value profilers on an orders file
 * (fitted parameters, log-likelihood, holdout purchases predicted vs actual).
 */
package dev.merchantry.platform.tools.evaluation.profiler;
