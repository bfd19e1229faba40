package dev.merchantry.platform.tools.evaluation.recommender;

import java.util.List;

/**
 * Rows read from a ratings file.
 *
 * @param ratings the rows in file order
 * @param explicit true when the file has a rating column (explicit ratings), false for user–item pairs only
 */
public record RatingsSet(List<Rating> ratings, boolean explicit) {

    public RatingsSet {
        ratings = List.copyOf(ratings);
    }

    public int size() {
        return ratings.size();
    }
}
