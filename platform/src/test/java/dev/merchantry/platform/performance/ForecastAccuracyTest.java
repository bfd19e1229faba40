package dev.merchantry.platform.performance;

import dev.merchantry.platform.performance.RecommendationAttribution.Key;
import dev.merchantry.platform.storage.ForecastSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which forecast scores a day, by hand (days are epoch days; a snapshot's means start at its first day). */
class ForecastAccuracyTest {

    private static final long DAY_MS = RecommendationAttribution.DAY_MS;
    private static final double EXACT = 1e-12;

    private static ForecastSnapshot snapshot(String strategy, double madeAtDay, long firstDay, double... means) {
        double[] lo = new double[means.length];
        double[] hi = new double[means.length];
        for (int i = 0; i < means.length; i++) {
            lo[i] = means[i] - 1;
            hi[i] = means[i] + 1;
        }
        return new ForecastSnapshot("s", strategy, 1, "p", "Tools", (long) (madeAtDay * DAY_MS), firstDay, means, lo, hi,
                0.5);
    }

    @Test
    void theNewestForecastMadeBeforeTheDayBeganScoresItAndStockOutsAreLeftOut() {
        // old: made on day 9 (noon), forecasts 10..13 as 4; new: made on day 11 at noon, forecasts 11..14 as 8.
        // Day 10 → old (4 vs 6: |e| 2). Day 11 → still old: new was made during day 11 (4 vs 5: |e| 1, in [3, 5]).
        // Day 12 → new (8 vs 8). Day 13 → NaN (stock-out): not scored. Day 14 → new (8 vs 0: e 8, outside [7, 9]).
        List<ForecastSnapshot> snapshots = List.of(snapshot("old", 9.5, 10, 4, 4, 4, 4),
                snapshot("new", 11.5, 11, 8, 8, 8, 8));
        Map<Long, Double> sold = Map.of(10L, 6.0, 11L, 5.0, 12L, 8.0, 13L, Double.NaN, 14L, 0.0);
        Map<Key, ForecastAccuracy.Figures> out = ForecastAccuracy.score(snapshots, Map.of("p", sold), 10, 14);
        ForecastAccuracy.Figures d10 = out.get(new Key("old", "Tools", 10));
        assertEquals(2, d10.absError(), EXACT);
        assertEquals(4, d10.scaledAbsError(), EXACT, "|e| / scale 0.5");
        assertEquals(0, d10.covered());
        ForecastAccuracy.Figures d11 = out.get(new Key("old", "Tools", 11));
        assertEquals(-1, d11.error(), EXACT);
        assertEquals(1, d11.covered());
        assertNull(out.get(new Key("new", "Tools", 11)), "a model trained during day 11 does not score it");
        assertEquals(0, out.get(new Key("new", "Tools", 12)).absError(), EXACT);
        assertNull(out.get(new Key("new", "Tools", 13)), "a stock-out day is not scored");
        ForecastAccuracy.Figures d14 = out.get(new Key("new", "Tools", 14));
        assertEquals(8, d14.error(), EXACT);
        assertEquals(0, d14.actual(), EXACT);
        assertEquals(4, out.size());
    }
}
