package dev.merchantry.platform.tools.evaluation.recommender;

/**
 * One row of a ratings file.
 *
 * @param user the user id
 * @param item the item id
 * @param value the rating, or 1 for files without a rating column (implicit feedback)
 * @param timestampMillis epoch milliseconds, 0 when the file has none
 */
public record Rating(String user, String item, double value, long timestampMillis) {
}
