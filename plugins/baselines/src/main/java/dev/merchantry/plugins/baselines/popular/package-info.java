/**
 * Time-decayed popularity: each interaction counts its weight times 0.5^(age / half-life), the exponential decay
 * used for "trending" lists (e.g. Koren 2009, "Collaborative filtering with temporal dynamics", for the idea that
 * recent signal matters more). The fallback every shop can use from its first events.
 */
package dev.merchantry.plugins.baselines.popular;
