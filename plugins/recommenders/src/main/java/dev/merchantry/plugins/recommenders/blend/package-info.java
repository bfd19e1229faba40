/**
 * A linear blend of the explicit-rating strategies, its weights fitted on a held-out probe set and the members then
 * retrained on all data: the "probe blending" of the Netflix Prize solutions (Töscher, Jahrer &amp; Bell 2009, "The
 * BigChaos Solution to the Netflix Grand Prize", §6; Jahrer, Töscher &amp; Legenstein 2010, "Combining predictions
 * for accurate recommender systems", KDD, linear regression as the baseline blender).
 */
package dev.merchantry.plugins.recommenders.blend;
