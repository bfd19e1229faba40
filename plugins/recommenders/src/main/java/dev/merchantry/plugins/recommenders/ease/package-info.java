/**
 * EASE^R (Steck 2019, "Embarrassingly shallow autoencoders for sparse data"): the item–item weight matrix
 * B = argmin ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0, in closed form B = I − P·diag(1/diag(P)) with
 * P = (XᵀX + λI)⁻¹ (eq. 8 of the paper), X the binary user–item matrix. A customer's scores are x_u·B.
 * Training inverts a dense n×n matrix (n = items with interactions): O(n³) time, 8n² bytes, hence
 * {@code max_items}. The served model keeps each item's {@code neighbours} largest weights.
 */
package dev.merchantry.plugins.recommenders.ease;
