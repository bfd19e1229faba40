/**
 * Neighbourhood collaborative filtering, item-based ({@code item-knn}; Sarwar et al. 2001, "Item-based
 * collaborative filtering recommendation algorithms"; Deshpande &amp; Karypis 2004 for top-N) and user-based
 * ({@code user-knn}; Herlocker et al. 1999), with shrunk similarities and baseline-corrected predictions as in
 * Koren 2010, "Factor in the neighbors", eq. 2–3 (Surprise's {@code KNNBaseline}):
 * <pre>
 *   r̂_ui = b_ui + Σ_{j ∈ N^k(i;u)} s_ij (r_uj − b_uj) / Σ_{j ∈ N^k(i;u)} s_ij
 * </pre>
 * where N^k(i;u) are the k items most similar to i that u rated (positive similarities only). Only the top
 * {@code neighbours} positive similarities of each item (user) are kept, never a full similarity table, so memory
 * is O(entities × neighbours).
 */
package dev.merchantry.plugins.recommenders.knn;
