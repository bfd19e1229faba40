package dev.merchantry.platform.experiments;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assignment by MurmurHash3 of (salt, unit): stable per unit and split by the weights. */
class ExperimentAssignmentTest {

    @Test
    void unitsSplitByTheWeightsWithinOnePoint() {
        Random random = new Random(23);
        for (int experiment = 0; experiment < 5; experiment++) {
            String salt = Long.toHexString(random.nextLong());
            int[] counts = new int[3];
            int units = 200_000;
            for (int i = 0; i < units; i++) {
                counts[ExperimentService.bucket(salt, "c-" + i, new double[] {3, 2, 5})]++;
            }
            // Binomial sd at 200,000 units is at most 0.11 points: ±1 point is 9 sd.
            assertEquals(0.3, counts[0] / (double) units, 0.01, "weight 3 of 10");
            assertEquals(0.2, counts[1] / (double) units, 0.01, "weight 2 of 10");
            assertEquals(0.5, counts[2] / (double) units, 0.01, "weight 5 of 10");
        }
    }

    @Test
    void aUnitAlwaysGetsTheSameVariant() {
        for (int i = 0; i < 1_000; i++) {
            assertEquals(ExperimentService.bucket("salt-1", "visitor-" + i, new double[] {1, 1}),
                    ExperimentService.bucket("salt-1", "visitor-" + i, new double[] {1, 1}));
        }
    }
}
