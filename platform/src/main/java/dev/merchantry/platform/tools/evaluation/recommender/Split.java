package dev.merchantry.platform.tools.evaluation.recommender;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One train/test split of a ratings set.
 *
 * @param fold 1-based fold number
 */
public record Split(int fold, List<Rating> train, List<Rating> test) {

    public Split {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * Seeded k-fold cross-validation: the rows are shuffled with {@code seed} and dealt round-robin into
     * {@code folds} parts; fold k tests on part k and trains on the rest (as Surprise's {@code KFold}).
     */
    public static List<Split> kFold(List<Rating> rows, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, got " + folds);
        }
        int[] order = new int[rows.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Random random = new Random(seed);
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        int[] foldOf = new int[rows.size()];
        for (int k = 0; k < order.length; k++) {
            foldOf[order[k]] = k % folds;
        }
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<Rating> train = new ArrayList<>();
            List<Rating> test = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                (foldOf[r] == f ? test : train).add(rows.get(r));
            }
            out.add(new Split(f + 1, train, test));
        }
        return out;
    }

    /** A seeded random holdout: a {@code testFraction} share of the rows is the test set. */
    public static Split holdout(List<Rating> rows, double testFraction, long seed) {
        int[] order = new int[rows.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Random random = new Random(seed);
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        boolean[] test = new boolean[rows.size()];
        int n = (int) Math.round(rows.size() * testFraction);
        for (int k = 0; k < n; k++) {
            test[order[k]] = true;
        }
        List<Rating> tr = new ArrayList<>();
        List<Rating> te = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            (test[r] ? te : tr).add(rows.get(r));
        }
        return new Split(1, tr, te);
    }
}
