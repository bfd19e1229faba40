/**
 * Offline evaluation of strategies on files: loads a strategy from a plugins directory exactly as a node would
 * (bundled or third-party), validates its configuration with its ConfigSpec, and gives each algorithm family's
 * harness (cross-validation, backtests, calibration/holdout, simulation) a context with no node behind it.
 */
package dev.merchantry.platform.tools.evaluation;
