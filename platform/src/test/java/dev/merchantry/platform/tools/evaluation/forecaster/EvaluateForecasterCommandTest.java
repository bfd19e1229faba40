package dev.merchantry.platform.tools.evaluation.forecaster;

import dev.merchantry.platform.cli.Main;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code merchantry evaluate forecaster} through the CLI, with the bundled plugins the build copies to
 * target/merchantry/plugins.
 */
class EvaluateForecasterCommandTest {

    private static final Path PLUGINS = Path.of("target/merchantry/plugins");
    private static final double EXACT = 1e-9;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("evaluate", "forecaster", "--plugins-dir", PLUGINS.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Monthly series 100 + 10·(t mod 12) + t for t = 0..47, from 2020-01. */
    private Path monthly() throws Exception {
        StringBuilder b = new StringBuilder("date,value\n");
        for (int t = 0; t < 48; t++) {
            b.append(LocalDate.of(2020, 1, 1).plusMonths(t)).append(',').append(100 + 10 * (t % 12) + t).append('\n');
        }
        Path f = dir.resolve("monthly.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void naiveMaseMatchesAHandComputation() throws Exception {
        Run r = run("--strategy", "naive", "--series", monthly().toString(), "--horizon", "12", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = new JsonObject(r.out());
        // Training t = 0..35, last value y35 = 100 + 110 + 35 = 245; actuals y36..47 = 136 + 11j for j = 0..11.
        // MAE = mean |136 + 11j − 245| = mean |11j − 109| = (109+98+87+76+65+54+43+32+21+10+1+12)/12 = 608/12.
        // Seasonal-naive scale on training: |y_t − y_{t−12}| = 12 for every t ≥ 12 → 12.  MASE = 608/144.
        assertEquals("naive", j.getString("strategy"));
        assertEquals(608.0 / 12, j.getDouble("mae"), EXACT);
        assertEquals(608.0 / 144, j.getDouble("mase"), EXACT);
        JsonArray forecast = j.getJsonArray("forecast");
        assertEquals(12, forecast.size());
        JsonObject first = forecast.getJsonObject(0);
        assertEquals("2023-01-01", first.getString("date"));
        assertEquals(136.0, first.getDouble("actual"), EXACT);
        assertEquals(245.0, first.getDouble("mean"), EXACT);
        assertTrue(first.getDouble("lo95") <= first.getDouble("lo80") && first.getDouble("hi80") <= first.getDouble("hi95"));
        for (String key : List.of("model", "rmse", "smape", "coverage_80", "coverage_95", "fit_seconds")) {
            assertTrue(j.containsKey(key), key);
        }
    }

    @Test
    void seasonalNaiveOnAPurelySeasonalSeriesHasZeroError() throws Exception {
        StringBuilder b = new StringBuilder("date,value\n");
        for (int t = 0; t < 28; t++) {
            b.append(LocalDate.of(2024, 1, 1).plusDays(t)).append(',').append(new int[] {5, 7, 9, 4, 3, 12, 15}[t % 7]).append('\n');
        }
        Path f = dir.resolve("daily.csv");
        Files.writeString(f, b.toString());
        Run r = run("--strategy", "seasonal-naive", "--series", f.toString(), "--horizon", "7", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = new JsonObject(r.out());
        assertEquals(0, j.getDouble("mae"), EXACT);
        // the in-sample seasonal-naive error is 0 too, so MASE is undefined: null, not a division by zero
        assertNull(j.getValue("mase"));
        assertEquals(7.0, j.getDouble("season"), EXACT);
    }

    @Test
    void rollingOriginsAverageAndLabelEachStep() throws Exception {
        Run r = run("--strategy", "naive", "--series", monthly().toString(), "--horizon", "3", "--origins", "4",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = new JsonObject(r.out());
        JsonArray forecast = j.getJsonArray("forecast");
        assertEquals(12, forecast.size());
        assertEquals(3, forecast.getJsonObject(0).getInteger("origin"));
        assertEquals(0, forecast.getJsonObject(11).getInteger("origin"));
        assertEquals("2023-12-01", forecast.getJsonObject(11).getString("date"));
        // Origin k trains on t < 45 − k and forecasts y_{44−k} for 3 steps; the average of the four MAEs:
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            int end = 45 - k;
            double last = 100 + 10 * ((end - 1) % 12) + end - 1;
            double mae = 0;
            for (int h = 0; h < 3; h++) {
                int t = end + h;
                mae += Math.abs(100 + 10 * (t % 12) + t - last) / 3;
            }
            sum += mae;
        }
        assertEquals(sum / 4, j.getDouble("mae"), EXACT);
    }

    @Test
    void tableFormatAndGapsAsUnobserved() throws Exception {
        Path f = dir.resolve("gappy.csv");
        Files.writeString(f, "date,value\n2024-01-01,5\n2024-01-02,6\n2024-01-03,5\n2024-01-04,7\n2024-01-06,6\n");
        Run r = run("--strategy", "naive", "--series", f.toString(), "--horizon", "2", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonArray forecast = new JsonObject(r.out()).getJsonArray("forecast");
        assertEquals("2024-01-05", forecast.getJsonObject(0).getString("date"));
        assertNull(forecast.getJsonObject(0).getValue("actual"));
        Run table = run("--strategy", "naive", "--series", monthly().toString(), "--horizon", "12");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("MASE 4.222"), table.out());
    }

    @Test
    void badInputExitsWithTwoAndNamesTheProblem() throws Exception {
        Path m = monthly();
        Run r = run("--strategy", "naive", "--series", dir.resolve("missing.csv").toString(), "--horizon", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--series") && r.err().contains("no such file"), r.err());
        r = run("--strategy", "naive", "--series", m.toString(), "--horizon", "47");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--horizon"), r.err());
        r = run("--strategy", "naive", "--series", m.toString(), "--horizon", "3", "--frequency", "hourly");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--frequency"), r.err());
        r = run("--strategy", "no-such", "--series", m.toString(), "--horizon", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--strategy") && r.err().contains("auto"), r.err());
        r = run("--strategy", "ets", "--series", m.toString(), "--horizon", "3", "--set", "model=XYZ");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--set") && r.err().contains("model"), r.err());
        r = run("--strategy", "naive", "--series", m.toString(), "--horizon", "0");
        assertEquals(2, r.code());
        r = run("--strategy", "naive", "--series", m.toString(), "--horizon", "3", "--season", "0.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--season"), r.err());
    }
}
