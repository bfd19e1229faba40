package dev.merchantry.plugins.recommenders.blend;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.recommend.Interactions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DayBiasesTest {

    private static final long DAY = DayBiases.DAY_MILLIS;
    /** 2024-01-01T00:00Z: the first rating day of the generated sets. */
    private static final long START = 1_704_067_200_000L;
    private static final int CUSTOMERS = 600;

    /**
     * 600 customers × 120 items (seed 5): each customer rates 48 random items on 4 days, 12 a day at noon UTC;
     * r = 3.5 + b_u + b_i + mood(u, day) + noise, with mood ~ N(0, 0.5²) and noise ~ N(0, 0.3²).
     * Rows with {@code heldOut} true are every fourth rating of a day (for prediction), the rest are training.
     */
    record Generated(Interactions train, String[] users, String[] items, long[] times, double[] ratings,
                     double[] moods) {
    }

    static Generated generate() {
        SplittableRandom rng = new SplittableRandom(5);
        Interactions.Builder train = Interactions.builder(true);
        int n = CUSTOMERS * 4 * 3;
        String[] users = new String[n];
        String[] items = new String[n];
        long[] times = new long[n];
        double[] ratings = new double[n];
        double[] moods = new double[n];
        double[] bi = new double[120];
        for (int i = 0; i < bi.length; i++) {
            bi[i] = rng.nextGaussian() * 0.5;
        }
        int held = 0;
        for (int u = 0; u < CUSTOMERS; u++) {
            double bu = rng.nextGaussian() * 0.4;
            int[] order = new int[bi.length];
            for (int i = 0; i < order.length; i++) {
                int j = rng.nextInt(i + 1);
                order[i] = order[j];
                order[j] = i;
            }
            for (int d = 0; d < 4; d++) {
                double mood = rng.nextGaussian() * 0.5;
                long t = START + (long) (u % 50 + 7 * d) * DAY + DAY / 2;
                for (int k = 0; k < 12; k++) {
                    int item = order[d * 12 + k];
                    double r = 3.5 + bu + bi[item] + mood + rng.nextGaussian() * 0.3;
                    if (k % 4 == 3) {
                        users[held] = "u" + u;
                        items[held] = "i" + item;
                        times[held] = t;
                        ratings[held] = r;
                        moods[held] = mood;
                        held++;
                    } else {
                        train.add("u" + u, "i" + item, r, t);
                    }
                }
            }
        }
        return new Generated(train.build(), users, items, times, ratings, moods);
    }

    @Test
    void aPlantedMoodOfTheDayIsRecoveredAndSharpensSameDayPredictions() {
        Generated g = generate();
        DayBiases fit = DayBiases.fit(g.train(), 10);
        double withDay = 0;
        double withoutDay = 0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        int n = g.users().length;
        for (int k = 0; k < n; k++) {
            double e1 = g.ratings()[k] - fit.predict(g.users()[k], g.items()[k], g.times()[k]);
            double e0 = g.ratings()[k] - fit.predict(g.users()[k], g.items()[k], 0);
            withDay += e1 * e1;
            withoutDay += e0 * e0;
            double term = fit.dayTerm(g.users()[k], g.times()[k]);
            sxy += term * g.moods()[k];
            sxx += term * term;
            syy += g.moods()[k] * g.moods()[k];
        }
        // nine ratings a day against λ = 10: the fitted term is shrunk about halfway, but it follows the mood
        double correlation = sxy / Math.sqrt(sxx * syy);
        assertTrue(correlation > 0.8, "correlation of the day term with the planted mood: " + correlation);
        double rmseWith = Math.sqrt(withDay / n);
        double rmseWithout = Math.sqrt(withoutDay / n);
        // the mood's sd is 0.5 and the noise's 0.3: without the day term the error is ≈ √(0.5² + 0.3²) ≈ 0.58
        assertTrue(rmseWithout > 0.5, "without the day term: " + rmseWithout);
        assertTrue(rmseWith < 0.8 * rmseWithout, rmseWith + " with the day term vs " + rmseWithout);
        assertEquals(CUSTOMERS * 4, fit.userDays());
    }

    @Test
    void unknownDaysUsersAndMissingTimestampsAddNoDayTerm() {
        Generated g = generate();
        DayBiases fit = DayBiases.fit(g.train(), 10);
        String u = g.users()[0];
        assertTrue(Math.abs(fit.dayTerm(u, g.times()[0])) > 0);
        assertEquals(0.0, fit.dayTerm(u, 0));
        assertEquals(0.0, fit.dayTerm(u, START - 400 * DAY));
        assertEquals(0.0, fit.dayTerm("nobody", g.times()[0]));
        assertEquals(fit.predict(u, "i1", 0), fit.predict(u, "i1", START - 400 * DAY), 1e-12);
    }

    @Test
    void onlyRatingsOnTwoOrMoreDaysHaveADayEffect() {
        Interactions.Builder none = Interactions.builder(true).add("a", "x", 4, 0).add("b", "y", 2, 0);
        assertFalse(DayBiases.applicable(none.build()));
        Interactions.Builder oneDay = Interactions.builder(true).add("a", "x", 4, START).add("b", "y", 2, START + 60_000);
        assertFalse(DayBiases.applicable(oneDay.build()));
        assertTrue(DayBiases.applicable(oneDay.add("c", "x", 3, START + DAY).build()));
    }

    @Test
    void writtenAndReadBackPredictsTheSame() {
        Generated g = generate();
        DayBiases fit = DayBiases.fit(g.train(), 10);
        ModelWriter w = new ModelWriter();
        fit.write(w);
        DayBiases read = DayBiases.read(new ModelReader(w.toModel("blend", BlendModel.FORMAT)));
        for (int k = 0; k < g.users().length; k += 7) {
            assertEquals(fit.predict(g.users()[k], g.items()[k], g.times()[k]),
                    read.predict(g.users()[k], g.items()[k], g.times()[k]), 0.0);
        }
    }
}
