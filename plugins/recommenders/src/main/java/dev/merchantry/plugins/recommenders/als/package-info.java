/**
 * Implicit-feedback matrix factorization by alternating least squares (Hu, Koren &amp; Volinsky 2008,
 * "Collaborative filtering for implicit feedback datasets"): preference p_ui = 1 for every observed interaction
 * and 0 otherwise, confidence c_ui = 1 + α·r_ui, minimising
 * Σ_(all u,i) c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²). Each user's (item's) normal equations
 * (YᵀY + Yᵀ(C^u − I)Y + λI) x_u = YᵀC^u p(u) are solved approximately by a few conjugate-gradient steps warm-started
 * from the previous solution (Takács, Pilászy &amp; Tikk 2011, "Applications of the conjugate gradient method for
 * implicit feedback collaborative filtering"), using the YᵀY trick so a step costs O(f² + f·|I(u)|).
 */
package dev.merchantry.plugins.recommenders.als;
