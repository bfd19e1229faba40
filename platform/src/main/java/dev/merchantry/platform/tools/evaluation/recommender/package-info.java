/**
 * Offline evaluation of recommender strategies, the platform's counterpart of Surprise's {@code cross_validate}:
 * ratings files ({@link RatingsFile}), seeded k-fold or given train/test splits ({@link Split}), the accuracy and
 * ranking metrics of each fold ({@link RecommenderEvaluator}, definitions in docs/algorithms/recommenders.md), and a
 * generator of MovieLens-shaped ratings ({@link SyntheticRatings}) so accuracy can be shown without public data.
 */
package dev.merchantry.platform.tools.evaluation.recommender;
