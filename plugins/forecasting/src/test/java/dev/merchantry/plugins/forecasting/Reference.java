package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reference values and series that {@code src/test/r/reference.R} produced with R's forecast 8.20 (and
 * {@code src/test/r/poisson_seasonality.R} with base R's glm), test resources under {@code reference/}.
 */
public final class Reference {

    private Reference() {
    }

    /** case → quantity → values, from {@code reference/<file>}. */
    public static Map<String, Map<String, double[]>> values(String file) {
        Map<String, Map<String, List<Double>>> raw = new LinkedHashMap<>();
        for (String[] row : rows("reference/" + file)) {
            raw.computeIfAbsent(row[0], k -> new LinkedHashMap<>()).computeIfAbsent(row[1], k -> new ArrayList<>())
                    .add(row[3].equals("NA") ? Double.NaN : Double.parseDouble(row[3]));
        }
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        raw.forEach((c, q) -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            q.forEach((k, v) -> m.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
            out.put(c, m);
        });
        return out;
    }

    /** A series exported by the R script ({@code reference/data/<name>.csv}, NA as NaN). */
    public static double[] series(String name) {
        List<String[]> rows = rows("reference/data/" + name + ".csv");
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            String s = rows.get(i)[1];
            v[i] = s.equals("NA") ? Double.NaN : Double.parseDouble(s);
        }
        return v;
    }

    public static LocalDate start(String name) {
        return LocalDate.parse(rows("reference/data/" + name + ".csv").get(0)[0]);
    }

    public static TimeSeries timeSeries(String name, Frequency f, double period) {
        return new TimeSeries(name, f, start(name), series(name), period);
    }

    /** Lines of a CSV resource without its header, split on commas (no quoted commas in these files but the last column). */
    public static List<String[]> rows(String resource) {
        InputStream in = Reference.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(line.split(",", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static double[] log(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = Math.log(v[i]);
        }
        return o;
    }
}
