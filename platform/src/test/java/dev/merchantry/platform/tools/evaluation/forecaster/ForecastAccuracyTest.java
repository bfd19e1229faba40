package dev.merchantry.platform.tools.evaluation.forecaster;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastAccuracyTest {

    private static final double EXACT = 1e-12;

    @TempDir
    Path dir;

    @Test
    void m4MeasuresByHand() {
        // actual 10, 20, NaN, 0; forecast 12, 15, 99, 0
        // errors 2, 5 (NaN skipped), 0 → MAE 7/3, RMSE √(29/3)
        // sMAPE: 200·2/22, 200·5/35, 0 (0/0 counts as 0) → mean 100·(4/22 + 10/35)/3
        double[] actual = {10, 20, Double.NaN, 0};
        double[] mean = {12, 15, 99, 0};
        double[] lo80 = {11, 16, 0, 0};
        double[] hi80 = {13, 19, 200, 1};
        double[] lo95 = {9, 14, 0, 0};
        double[] hi95 = {14, 21, 200, 1};
        // training 1, 3, 2, 6 at lag 2: |2−1|, |6−3| → scale 2
        double scale = ForecastAccuracy.seasonalNaiveScale(new double[] {1, 3, 2, 6}, 2);
        assertEquals(2, scale, EXACT);
        ForecastAccuracy.Scores s = ForecastAccuracy.score(actual, mean, lo80, hi80, lo95, hi95, scale);
        assertEquals(7.0 / 3, s.mae(), EXACT);
        assertEquals(Math.sqrt(29.0 / 3), s.rmse(), EXACT);
        assertEquals(200.0 * (2.0 / 22 + 5.0 / 35) / 3, s.smape(), EXACT);
        assertEquals(7.0 / 6, s.mase(), EXACT);
        // 80%: 10 ∉ [11,13], 20 ∉ [16,19], 0 ∈ [0,1]; 95%: all three inside
        assertEquals(1.0 / 3, s.coverage80(), EXACT);
        assertEquals(1.0, s.coverage95(), EXACT);
        assertEquals(3, s.scored());
    }

    @Test
    void seasonalNaiveScaleFallsBackToLagOneAndSkipsGaps() {
        assertEquals(2, ForecastAccuracy.seasonalNaiveScale(new double[] {1, 3, 5}, 12), EXACT);
        // lag 1 pairs (1,3) and (5,NaN),(NaN,9) skipped → only |3−1|
        assertEquals(2, ForecastAccuracy.seasonalNaiveScale(new double[] {1, 3, Double.NaN, 9}, 1), EXACT);
    }

    @Test
    void readsInfersFrequencyAndMarksGapsAsUnobserved() throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "date,value\n2024-01-01,5\n2024-02-01,\n2024-04-01,7\n2024-05-01,NA\n");
        SeriesFile s = SeriesFile.read(f, Optional.empty());
        assertEquals(Frequency.MONTHLY, s.frequency());
        assertEquals(LocalDate.of(2024, 1, 1), s.start());
        assertArrayEquals(new double[] {5, Double.NaN, Double.NaN, 7, Double.NaN}, s.values(), 0);
        Files.writeString(f, "date,value\n2024-01-01,1\n2024-01-08,2\n2024-01-22,3\n");
        assertEquals(Frequency.WEEKLY, SeriesFile.read(f, Optional.empty()).frequency());
        Files.writeString(f, "date,value\n2024-01-01,1\n2024-04-01,2\n2024-07-01,3\n");
        assertEquals(Frequency.QUARTERLY, SeriesFile.read(f, Optional.empty()).frequency());
        Files.writeString(f, "date,value\n2024-01-01,1\n2024-01-02,2\n");
        assertEquals(Frequency.DAILY, SeriesFile.read(f, Optional.empty()).frequency());
    }

    @Test
    void badFilesNameTheLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "date,value\n2024-01-01,5\n2024-13-01,6\n");
        EvaluationException e = assertThrows(EvaluationException.class, () -> SeriesFile.read(f, Optional.empty()));
        assertEquals("bad.csv line 3: date", e.field());
        Files.writeString(f, "date,value\n2024-01-01,5\n2024-02-01,lots\n");
        e = assertThrows(EvaluationException.class, () -> SeriesFile.read(f, Optional.empty()));
        assertEquals("bad.csv line 3: value", e.field());
        Files.writeString(f, "day,sales\n2024-01-01,5\n");
        e = assertThrows(EvaluationException.class, () -> SeriesFile.read(f, Optional.empty()));
        assertTrue(e.getMessage().contains("date,value"), e.getMessage());
        Files.writeString(f, "date,value\n2024-01-02,5\n2024-01-01,6\n");
        e = assertThrows(EvaluationException.class, () -> SeriesFile.read(f, Optional.empty()));
        assertTrue(e.getMessage().contains("increasing"), e.getMessage());
        Files.writeString(f, "date,value\n2024-01-01,5\n2024-01-04,6\n");
        e = assertThrows(EvaluationException.class, () -> SeriesFile.read(f, Optional.empty()));
        assertTrue(e.getMessage().contains("--frequency"), e.getMessage());
        e = assertThrows(EvaluationException.class, () -> SeriesFile.read(dir.resolve("none.csv"), Optional.empty()));
        assertEquals("--series", e.field());
    }
}
