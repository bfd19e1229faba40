/**
 * Frequently bought together: association rules i → j mined from order baskets (Agrawal, Imieliński &amp; Swami
 * 1993) with support n_ij (orders containing both), confidence n_ij / n_i and lift n_ij·N / (n_i·n_j). Pairs below
 * {@code min_support} orders or {@code min_lift} are dropped; each item keeps its best {@code neighbours} partners.
 */
package dev.merchantry.plugins.recommenders.cooccurrence;
