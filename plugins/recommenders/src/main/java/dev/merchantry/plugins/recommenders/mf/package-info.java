/**
 * Matrix factorization of explicit ratings trained by stochastic gradient descent.
 * <ul>
 *   <li>{@code svd}: biased MF r̂_ui = μ + b_u + b_i + q_iᵀp_u (Funk 2006; Koren, Bell &amp; Volinsky 2009, "Matrix
 *       factorization techniques for recommender systems", eq. 4–5), visiting the ratings in stratified order
 *       (Gemulla et al. 2011; {@link dev.merchantry.plugins.recommenders.mf.SgdBlocks}) so that independent blocks
 *       train in parallel with the same result as sequentially.</li>
 *   <li>{@code svd-pp}: SVD++ r̂_ui = μ + b_u + b_i + q_iᵀ(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j) (Koren 2008, "Factorization
 *       meets the neighborhood", §4), with the per-rating updates applied exactly but in O(f) per rating (see
 *       {@link dev.merchantry.plugins.recommenders.mf.FactorTrainer#svdPlusPlusEpoch}).</li>
 * </ul>
 * Both serve from {@link dev.merchantry.plugins.recommenders.mf.FactorModel}; unknown users or items are predicted
 * from the global mean and the known bias, never from random factors.
 */
package dev.merchantry.plugins.recommenders.mf;
