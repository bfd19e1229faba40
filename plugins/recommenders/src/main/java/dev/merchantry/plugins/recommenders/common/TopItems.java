package dev.merchantry.plugins.recommenders.common;

import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Keeps the best {@code limit} items offered, best first; equal scores rank the lower item index first so answers
 * are deterministic. The query's {@code allowed} filter is applied as items are offered, i.e. before truncation,
 * and only to items good enough to enter the list (the filter may be costly).
 */
public final class TopItems {

    private final int limit;
    private final int[] items;
    private final double[] scores;
    private int size;

    public TopItems(int limit) {
        this.limit = limit;
        this.items = new int[limit];
        this.scores = new double[limit];
    }

    /** True when an item with this score would enter the list. */
    public boolean accepts(int item, double score) {
        if (limit == 0 || !(score == score) || score == Double.NEGATIVE_INFINITY) {
            return false;
        }
        if (size < limit) {
            return true;
        }
        double worst = scores[size - 1];
        return score > worst || (score == worst && item < items[size - 1]);
    }

    /** Adds an item that {@link #accepts} said would enter. */
    public void add(int item, double score) {
        int at = size < limit ? size++ : limit - 1;
        while (at > 0 && (scores[at - 1] < score || (scores[at - 1] == score && items[at - 1] > item))) {
            items[at] = items[at - 1];
            scores[at] = scores[at - 1];
            at--;
        }
        items[at] = item;
        scores[at] = score;
    }

    /** Offers every item of a dense score array; NaN scores are not candidates. */
    public static TopItems ofScores(double[] scores, IntPredicate skip, ModelIndex index, RecommendationQuery q) {
        TopItems top = new TopItems(Math.min(q.limit(), scores.length));
        for (int i = 0; i < scores.length; i++) {
            top.offer(i, scores[i], skip, index, q);
        }
        return top;
    }

    /** Offers one item: skipped items and items the query does not allow never enter. */
    public void offer(int item, double score, IntPredicate skip, ModelIndex index, RecommendationQuery q) {
        if (accepts(item, score) && !skip.test(item) && q.allowed().test(index.itemId(item))) {
            add(item, score);
        }
    }

    public int size() {
        return size;
    }

    public int item(int rank) {
        return items[rank];
    }

    public double score(int rank) {
        return scores[rank];
    }

    /** The answer, with a reason per item. */
    public List<ScoredItem> toList(ModelIndex index, IntFunction<String> reason) {
        List<ScoredItem> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            out.add(new ScoredItem(index.itemId(items[k]), scores[k], reason.apply(items[k])));
        }
        return out;
    }
}
