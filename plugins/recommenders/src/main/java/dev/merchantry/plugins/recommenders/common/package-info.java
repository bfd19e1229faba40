/**
 * What every recommender family shares: interactions as compressed sparse rows ({@link RatingMatrix}), the
 * serving-side index of users, items, seen items and titles ({@link ModelIndex}), top-N selection that applies
 * the query's filter before truncating ({@link TopItems}), and configuration keys common to all strategies.
 */
package dev.merchantry.plugins.recommenders.common;
