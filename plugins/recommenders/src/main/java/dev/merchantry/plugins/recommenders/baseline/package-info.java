/**
 * The regularized user + item bias baseline b_ui = μ + b_u + b_i (Koren 2010, "Factor in the neighbors", §2.1),
 * fitted by alternating least squares as in Surprise's {@code BaselineOnly}. Used on its own as the reference every
 * collaborative model must beat, and inside the k-NN models for baseline-corrected predictions.
 */
package dev.merchantry.plugins.recommenders.baseline;
