package dev.merchantry.platform.tools.evaluation.forecaster;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A demand series read from a CSV file with a header and the columns {@code date,value} (ISO dates, oldest first).
 * An empty value, {@code NA} or {@code NaN} marks an unobserved period (a stock-out or a gap), and so does a date
 * the file skips: the series is laid on the regular calendar of its frequency with NaN where nothing was read.
 *
 * @param name the file name, for messages
 * @param frequency the spacing, inferred from the dates or given
 * @param start the first date
 * @param values one per period, NaN for unobserved ones
 */
public record SeriesFile(String name, Frequency frequency, LocalDate start, double[] values) {

    /**
     * Reads {@code path}; {@code frequency} overrides the inferred spacing when present.
     *
     * @throws EvaluationException naming the file, line and column of the first problem
     */
    public static SeriesFile read(Path path, Optional<Frequency> frequency) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .setIgnoreEmptyLines(true).get().parse(in)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            if (!header.contains("date") || !header.contains("value")) {
                throw new EvaluationException("--series", name + " needs a header with columns date,value; found "
                        + String.join(",", parser.getHeaderNames()));
            }
            int dateColumn = header.indexOf("date");
            int valueColumn = header.indexOf("value");
            for (CSVRecord r : parser) {
                long line = r.getParser().getCurrentLineNumber();
                String where = name + " line " + line;
                if (r.size() <= Math.max(dateColumn, valueColumn)) {
                    throw new EvaluationException(where, "expected the columns date,value, got " + r.size() + " column(s)");
                }
                LocalDate date;
                try {
                    date = LocalDate.parse(r.get(dateColumn));
                } catch (DateTimeParseException e) {
                    throw new EvaluationException(where + ": date", "'" + r.get(dateColumn) + "' is not an ISO date like 2024-01-31");
                }
                if (!dates.isEmpty() && !date.isAfter(dates.get(dates.size() - 1))) {
                    throw new EvaluationException(where + ": date", date + " does not come after " + dates.get(dates.size() - 1)
                            + "; dates must be increasing");
                }
                String raw = r.get(valueColumn);
                double v;
                if (raw.isEmpty() || raw.equalsIgnoreCase("NA") || raw.equalsIgnoreCase("NaN")) {
                    v = Double.NaN;
                } else {
                    try {
                        v = Double.parseDouble(raw);
                    } catch (NumberFormatException e) {
                        throw new EvaluationException(where + ": value", "'" + raw + "' is not a number (leave it empty for a stock-out or gap)");
                    }
                    if (!Double.isFinite(v)) {
                        throw new EvaluationException(where + ": value", "'" + raw + "' is not a finite number");
                    }
                }
                dates.add(date);
                values.add(v);
            }
        } catch (NoSuchFileException e) {
            throw new EvaluationException("--series", "no such file: " + path);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EvaluationException("--series", "cannot read " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new EvaluationException("--series", name + " is not a valid CSV file: " + e.getMessage());
        }
        if (dates.size() < 2) {
            throw new EvaluationException("--series", name + " has " + dates.size() + " row(s); at least 2 are needed");
        }
        Frequency f = frequency.orElseGet(() -> infer(name, dates));
        return layOnCalendar(name, f, dates, values);
    }

    /** The frequency whose step is the smallest gap between consecutive dates. */
    static Frequency infer(String name, List<LocalDate> dates) {
        long minDays = Long.MAX_VALUE;
        for (int i = 1; i < dates.size(); i++) {
            minDays = Math.min(minDays, ChronoUnit.DAYS.between(dates.get(i - 1), dates.get(i)));
        }
        if (minDays == 1) {
            return Frequency.DAILY;
        }
        if (minDays == 7) {
            return Frequency.WEEKLY;
        }
        if (minDays >= 28 && minDays <= 31) {
            return Frequency.MONTHLY;
        }
        if (minDays >= 89 && minDays <= 92) {
            return Frequency.QUARTERLY;
        }
        if (minDays >= 365 && minDays <= 366) {
            return Frequency.YEARLY;
        }
        throw new EvaluationException("--series", name + ": cannot infer the frequency from dates " + minDays
                + " days apart; give --frequency daily|weekly|monthly|quarterly|yearly");
    }

    private static SeriesFile layOnCalendar(String name, Frequency f, List<LocalDate> dates, List<Double> values) {
        LocalDate start = dates.get(0);
        List<Double> out = new ArrayList<>();
        int step = 0;
        for (int i = 0; i < dates.size(); i++) {
            LocalDate d = dates.get(i);
            while (f.plus(start, step).isBefore(d)) {
                out.add(Double.NaN);
                step++;
                if (step > 1_000_000) {
                    throw new EvaluationException("--series", name + ": too many periods between " + start + " and " + d);
                }
            }
            if (!f.plus(start, step).equals(d)) {
                throw new EvaluationException(name + " line " + (i + 2) + ": date", d + " is not on the " + f
                        + " calendar starting " + start + " (expected " + f.plus(start, step) + ")");
            }
            out.add(values.get(i));
            step++;
        }
        return new SeriesFile(name, f, start, out.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public int length() {
        return values.length;
    }

    public LocalDate date(int i) {
        return frequency.plus(start, i);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesFile s && name.equals(s.name) && frequency == s.frequency && start.equals(s.start)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }
}
