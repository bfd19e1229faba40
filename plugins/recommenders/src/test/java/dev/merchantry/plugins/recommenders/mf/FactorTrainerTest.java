package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.plugins.recommenders.TinyRatings;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import dev.merchantry.testkit.Fixtures;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorTrainerTest {

    /** Factors and their dot products are floats: results are exact to float precision. */
    private static final double FLOAT_TOLERANCE = 1e-6;

    @Test
    void oneSvdStepMatchesTheHandComputation() {
        // One rating r = 4 (so μ = 4), f = 1, p = 0.5, q = 0.2, biases 0, γ = 0.1, λ = 0.1:
        // e = 4 − (4 + 0.1) = −0.1; b_u = b_i = 0.1·(−0.1) = −0.01;
        // p = 0.5 + 0.1·(−0.1·0.2 − 0.1·0.5) = 0.493; q = 0.2 + 0.1·(−0.1·0.5 − 0.1·0.2) = 0.193
        RatingMatrix m = RatingMatrix.of(Interactions.builder(true).add("u", "i", 4, 0).build());
        FactorTrainer t = new FactorTrainer(m, 1, new double[1], new double[1], new float[] {0.5f},
                new float[] {0.2f}, null, 1);
        // The epoch reports Σ e² over its ratings, each error taken before its update: (−0.1)².
        assertEquals(0.01, t.svdEpoch(0.1, 0.1), FLOAT_TOLERANCE);
        assertEquals(-0.01, t.bu[0], FLOAT_TOLERANCE);
        assertEquals(-0.01, t.bi[0], FLOAT_TOLERANCE);
        assertEquals(0.493, t.p[0][0], FLOAT_TOLERANCE);
        assertEquals(0.193, t.q[0][0], FLOAT_TOLERANCE);
    }

    @Test
    void lazySvdPlusPlusEpochEqualsTheTextbookPerRatingUpdates() {
        // One user (so the user order is trivial) with three ratings; the textbook loop (Koren 2008 §4, as in
        // Surprise's SVDpp) recomputes the implicit sum and moves every y_j after each rating.
        RatingMatrix m = RatingMatrix.of(TinyRatings.interactions());
        int f = 2;
        float[] p0 = {0.1f, -0.2f, 0.05f, 0.3f, -0.1f, 0.2f};
        float[] q0 = {0.2f, 0.1f, -0.3f, 0.05f, 0.15f, -0.25f};
        float[] y0 = {0.05f, 0.1f, -0.05f, 0.2f, 0.1f, -0.1f};
        FactorTrainer lazy = new FactorTrainer(m, f, new double[3], new double[3], p0.clone(), q0.clone(),
                y0.clone(), 7);
        double lr = 0.05;
        double reg = 0.1;
        lazy.svdPlusPlusEpoch(lr, reg);

        // Replay the same visiting order: users shuffled, then each user's ratings shuffled, from seed 7.
        SplittableRandom random = new SplittableRandom(7);
        int[] users = {0, 1, 2};
        shuffle(users, users.length, random);
        double mu = m.mean();
        double[] bu = new double[3];
        double[] bi = new double[3];
        double[] p = toDouble(p0);
        double[] q = toDouble(q0);
        double[] y = toDouble(y0);
        for (int u : users) {
            int from = m.userPtr[u];
            int len = m.userPtr[u + 1] - from;
            int[] rows = new int[len];
            for (int k = 0; k < len; k++) {
                rows[k] = from + k;
            }
            shuffle(rows, len, random);
            double norm = 1 / Math.sqrt(len);
            for (int k : rows) {
                int i = m.userItems[k];
                double[] implicit = new double[f];
                for (int j = from; j < from + len; j++) {
                    for (int c = 0; c < f; c++) {
                        implicit[c] += norm * y[m.userItems[j] * f + c];
                    }
                }
                double dot = 0;
                for (int c = 0; c < f; c++) {
                    dot += q[i * f + c] * (p[u * f + c] + implicit[c]);
                }
                double err = m.userValues[k] - (mu + bu[u] + bi[i] + dot);
                bu[u] += lr * (err - reg * bu[u]);
                bi[i] += lr * (err - reg * bi[i]);
                for (int c = 0; c < f; c++) {
                    double puf = p[u * f + c];
                    double qif = q[i * f + c];
                    p[u * f + c] += lr * (err * qif - reg * puf);
                    q[i * f + c] += lr * (err * (puf + implicit[c]) - reg * qif);
                    for (int j = from; j < from + len; j++) {
                        int yj = m.userItems[j] * f + c;
                        y[yj] += lr * (err * qif * norm - reg * y[yj]);
                    }
                }
            }
        }
        assertArrayEquals(bu, lazy.bu, 1e-6);
        assertArrayEquals(bi, lazy.bi, 1e-6);
        assertArrayEquals(p, toDouble(FactorTrainer.flat(lazy.p, f)), FLOAT_TOLERANCE);
        assertArrayEquals(q, toDouble(FactorTrainer.flat(lazy.q, f)), FLOAT_TOLERANCE);
        assertArrayEquals(y, toDouble(FactorTrainer.flat(lazy.y, f)), FLOAT_TOLERANCE);
    }

    private static void shuffle(int[] a, int n, SplittableRandom random) {
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = a[k];
            a[k] = a[j];
            a[j] = t;
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = a[k];
        }
        return d;
    }

    /**
     * The starting factors: sums of four uniforms scaled to mean 0 and standard deviation 0.1. Irwin–Hall with n = 4
     * (hand computation): kurtosis 3 − 6/(5n) = 2.7, bounded at ±√3 · 2 · 0.1. Tolerances are about four standard
     * errors of 200,000 draws.
     */
    @Test
    void startingFactorsHaveTheConfiguredSpreadAndAnAlmostNormalShape() {
        SplittableRandom random = new SplittableRandom(5);
        double sum = 0;
        double sum2 = 0;
        double sum4 = 0;
        double largest = 0;
        int n = 0;
        for (int row = 0; row < 2_000; row++) {
            for (float v : FactorTrainer.InitialFactors.factorRow(100, 0.1, random)) {
                sum += v;
                sum2 += (double) v * v;
                sum4 += (double) v * v * v * v;
                largest = Math.max(largest, Math.abs(v));
                n++;
            }
        }
        double variance = sum2 / n;
        assertEquals(0, sum / n, 0.001);
        assertEquals(0.1, Math.sqrt(variance), 0.0005);
        assertEquals(2.7, sum4 / n / (variance * variance), 0.03);
        assertTrue(largest <= 0.2 * Math.sqrt(3), "bounded: " + largest);
    }

    @Test
    void sgdLowersTheRegularizedObjectiveEpochByEpoch() {
        RatingMatrix m = RatingMatrix.of(Fixtures.interactions(true, 3).interactions());
        for (boolean plusPlus : new boolean[] {false, true}) {
            FactorTrainer t = new FactorTrainer(m, 5, 0.1, plusPlus, 11);
            double previous = t.objective(0.05);
            for (int e = 0; e < 15; e++) {
                if (plusPlus) {
                    t.svdPlusPlusEpoch(0.005, 0.05);
                } else {
                    t.svdEpoch(0.005, 0.05);
                }
                double objective = t.objective(0.05);
                assertTrue(objective < previous, (plusPlus ? "svd++" : "svd") + " epoch " + e + ": " + objective
                        + " ≥ " + previous);
                previous = objective;
            }
        }
    }

    @Test
    void equalSeedsGiveEqualModelsAndOtherSeedsDifferentOnes() {
        SvdRecommender svd = new SvdRecommender();
        RecommenderData data = Fixtures.interactions(true, 5);
        RecommenderModel a = svd.fit(data, svd.descriptor().configSpec().parse(Map.of("seed", 1)),
                OfflineContext.at(Fixtures.AS_OF), (f, m) -> { });
        RecommenderModel b = svd.fit(data, svd.descriptor().configSpec().parse(Map.of("seed", 1)),
                OfflineContext.at(Fixtures.AS_OF), (f, m) -> { });
        RecommenderModel c = svd.fit(data, svd.descriptor().configSpec().parse(Map.of("seed", 2)),
                OfflineContext.at(Fixtures.AS_OF), (f, m) -> { });
        assertArrayEquals(a.serialize().bytes(), b.serialize().bytes());
        assertTrue(!Arrays.equals(a.serialize().bytes(), c.serialize().bytes()));
    }

    @Test
    void unknownUsersAndItemsArePredictedFromBiasesNeverFromFactors() {
        SvdRecommender svd = new SvdRecommender();
        RecommenderModel model = svd.fit(TinyRatings.data(), svd.descriptor().configSpec().defaults(),
                OfflineContext.at(TinyRatings.AS_OF), (f, m) -> { });
        double mu = 24 / 7.0;
        assertEquals(mu, model.predictRating("stranger", "new-item").getAsDouble(), 1e-12);
        // A known item for a stranger: μ + b_i, the same for every stranger.
        assertEquals(model.predictRating("x", "c").getAsDouble(), model.predictRating("y", "c").getAsDouble(), 0);
        assertTrue(model.predictRating("x", "c").getAsDouble() != mu);
    }

    /** A seeded random ratings matrix big enough for {@link FactorTrainer#svdEpoch} to go parallel. */
    private static RatingMatrix randomRatings(int users, int items, int perUser, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder(true);
        for (int u = 0; u < users; u++) {
            for (int k = 0; k < perUser; k++) {
                // Squared uniform: a long tail of rarely rated items, as in real data.
                double x = random.nextDouble();
                b.add("u" + u, "i" + (int) (x * x * items), 1 + random.nextInt(9) / 2.0, 0);
            }
        }
        return RatingMatrix.of(b.build());
    }

    @Test
    void stratifiedBlocksHoldEveryRatingOnceAndAStratumSharesNoUserOrItem() {
        RatingMatrix m = randomRatings(200, 500, 30, 3);
        SgdBlocks blocks = SgdBlocks.of(m);
        int[] userGroup = new int[m.users];
        Arrays.fill(userGroup, -1);
        for (int g = 0; g < SgdBlocks.B; g++) {
            for (int u : blocks.groupUsers[g]) {
                assertEquals(-1, userGroup[u], "user " + u + " in two groups");
                userGroup[u] = g;
            }
        }
        int[] itemGroup = new int[m.items];
        Arrays.fill(itemGroup, -1);
        long[] seen = new long[m.size()];
        int w = 0;
        for (int u = 0; u < m.users; u++) {
            assertTrue(userGroup[u] >= 0, "user " + u + " in no group");
            for (int h = 0; h < SgdBlocks.B; h++) {
                for (int k = blocks.segment(u, h); k < blocks.segment(u, h + 1); k++) {
                    int i = blocks.items[k];
                    assertTrue(itemGroup[i] == -1 || itemGroup[i] == h, "item " + i + " in two groups");
                    itemGroup[i] = h;
                    seen[w++] = ((long) u << 32) | i;
                    assertEquals(m.userValues[find(m, u, i)], blocks.values[k], 0);
                }
            }
        }
        // Every (user, item) rating exactly once: the CSR rows are sorted and duplicate-free.
        assertEquals(m.size(), w);
        long[] expected = new long[m.size()];
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                expected[k] = ((long) u << 32) | m.userItems[k];
            }
        }
        Arrays.sort(seen);
        assertArrayEquals(expected, seen);
        // Each group carries about 1/B of the ratings (balanced by degree).
        int[] perGroup = new int[SgdBlocks.B];
        for (int u = 0; u < m.users; u++) {
            perGroup[userGroup[u]] += m.userDegree(u);
        }
        for (int n : perGroup) {
            assertEquals(m.size() / (double) SgdBlocks.B, n, 0.02 * m.size());
        }
    }

    private static int find(RatingMatrix m, int u, int i) {
        int k = Arrays.binarySearch(m.userItems, m.userPtr[u], m.userPtr[u + 1], i);
        assertTrue(k >= 0);
        return k;
    }

    @Test
    void parallelBlocksGiveExactlyTheSequentialModel() {
        RatingMatrix m = randomRatings(600, 2000, 40, 5);
        assertTrue(m.size() >= FactorTrainer.PARALLEL_MIN_RATINGS, "too few ratings to go parallel: " + m.size());
        FactorTrainer parallel = new FactorTrainer(m, 16, 0.1, false, 9).forkingOn(OfflineContext.create());
        FactorTrainer sequential = new FactorTrainer(m, 16, 0.1, false, 9).forkingOn(OfflineContext.create());
        sequential.parallel = false;
        double before = sequential.trainRmse();
        for (int e = 0; e < 3; e++) {
            parallel.svdEpoch(0.01, 0.05);
            sequential.svdEpoch(0.01, 0.05);
        }
        assertArrayEquals(sequential.bu, parallel.bu, 0);
        assertArrayEquals(sequential.bi, parallel.bi, 0);
        assertArrayEquals(FactorTrainer.flat(sequential.p, 16), FactorTrainer.flat(parallel.p, 16), 0);
        assertArrayEquals(FactorTrainer.flat(sequential.q, 16), FactorTrainer.flat(parallel.q, 16), 0);
        assertTrue(sequential.trainRmse() < before, "3 epochs should fit: " + sequential.trainRmse());
    }
}
