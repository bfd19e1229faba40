package dev.merchantry.plugins.recommenders.knn;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.plugins.recommenders.TinyRatings;
import dev.merchantry.plugins.recommenders.baseline.BiasBaseline;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Item similarities of {@link TinyRatings}, computed by hand (see each comment); items a=0, b=1, c=2. */
class SimilarityTest {

    /** Similarities are stored as floats. */
    private static final double FLOAT_TOLERANCE = 1e-6;
    private final RatingMatrix m = RatingMatrix.of(TinyRatings.interactions());
    private final BiasBaseline zero = new BiasBaseline(24 / 7.0, new double[3], new double[3]);

    private NeighbourLists lists(Similarity s, double shrinkage) {
        return SimilarityBuilder.build(m, true, s, shrinkage, 1, 10, zero, ProgressListener.NONE);
    }

    @Test
    void cosineUsesFullVectorNorms() {
        NeighbourLists l = lists(Similarity.COSINE, 0);
        // cos(a,b) = (8+5)/√(41·21) = 0.443039; cos(a,c) = 15/√(41·34) = 0.401754; cos(b,c) = (3+20)/√(21·34) = 0.860753
        assertEquals(0.443039, l.similarity(0, 1), FLOAT_TOLERANCE);
        assertEquals(0.401754, l.similarity(0, 2), FLOAT_TOLERANCE);
        assertEquals(0.860753, l.similarity(1, 2), FLOAT_TOLERANCE);
        assertEquals(l.similarity(1, 2), l.similarity(2, 1), 0);
        // c's neighbours best first: b, then a
        assertEquals(1, l.neighbour(l.from(2)));
        assertEquals(0, l.neighbour(l.from(2) + 1));
    }

    @Test
    void shrinkageMultipliesByCommonRatersOverCommonRatersPlusLambda() {
        NeighbourLists l = lists(Similarity.COSINE, 1);
        // n(a,b) = 2 → ×2/3 = 0.295359; n(a,c) = 1 → ×1/2 = 0.200877; n(b,c) = 2 → ×2/3 = 0.573836
        assertEquals(0.295359, l.similarity(0, 1), FLOAT_TOLERANCE);
        assertEquals(0.200877, l.similarity(0, 2), FLOAT_TOLERANCE);
        assertEquals(0.573836, l.similarity(1, 2), FLOAT_TOLERANCE);
    }

    @Test
    void pearsonIsComputedOverCommonRatersAndKeepsOnlyPositiveCorrelations() {
        NeighbourLists l = lists(Similarity.PEARSON, 0);
        // (a,b) over u1,u2: (4,5) vs (2,1) → −1, dropped; (b,c) over u2,u3: (1,4) vs (3,5) → +1;
        // (a,c) share one rater only → (n−1)/(n−1+λ) = 0, dropped.
        assertEquals(0, l.similarity(0, 1), 0);
        assertEquals(0, l.similarity(0, 2), 0);
        assertEquals(1.0, l.similarity(1, 2), FLOAT_TOLERANCE);
        assertEquals(0, l.to(0) - l.from(0), "a has no positive neighbour");
    }

    @Test
    void adjustedCosineSubtractsEachRatersMean() {
        NeighbourLists l = lists(Similarity.ADJUSTED_COSINE, 0);
        // user means 3, 3, 4.5 → a = (1,2,0), b = (−1,−2,−0.5), c = (0,0,0.5): a·b < 0, b·c < 0, a·c = 0
        assertEquals(0, l.size());
    }

    @Test
    void pearsonBaselineCorrelatesResidualsFromTheBaseline() {
        NeighbourLists l = lists(Similarity.PEARSON_BASELINE, 0);
        // residuals r − 24/7 over common raters: (b,c) over u2,u3: b = (1−μ, 4−μ) = (−2.428571, 0.571429),
        // c = (3−μ, 5−μ) = (−0.428571, 1.571429): Σxy = 1.938776, √(Σx²Σy²) = √(6.224490 · 2.653061) = 4.063736
        // → 0.477092. (a,b): Σxy = −4.632653 < 0; (a,c): one common rater → 0; so a has no neighbour.
        assertEquals(0.477092, l.similarity(1, 2), FLOAT_TOLERANCE);
        assertEquals(0, l.to(0) - l.from(0));
    }
}
