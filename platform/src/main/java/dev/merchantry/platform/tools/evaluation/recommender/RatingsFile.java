package dev.merchantry.platform.tools.evaluation.recommender;

import dev.merchantry.platform.tools.evaluation.EvaluationException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a ratings CSV with a header: a user column ({@code user}, {@code userId}, {@code user_id},
 * {@code customer_id}), an item column ({@code item}, {@code itemId}, {@code item_id}, {@code movieId},
 * {@code product_id}), optionally {@code rating} (explicit ratings) or {@code weight} (implicit interactions of
 * that positive weight, e.g. an event type's interaction weight; without either, every row is an interaction of
 * weight 1), and {@code timestamp} (epoch seconds as in MovieLens, epoch milliseconds, or ISO-8601). Other columns
 * are ignored. Every problem names the file, line and column.
 */
public final class RatingsFile {

    static final List<String> USER_COLUMNS = List.of("user", "userid", "user_id", "customer_id");
    static final List<String> ITEM_COLUMNS = List.of("item", "itemid", "item_id", "movieid", "product_id");
    /** Numeric timestamps below this are epoch seconds (until the year 5138), above it milliseconds. */
    private static final long SECONDS_LIMIT = 100_000_000_000L;

    private RatingsFile() {
    }

    /**
     * @param option the CLI option the file came from, used in error messages (e.g. {@code --ratings})
     */
    public static RatingsSet read(Path file, String option) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            String user = column(header, USER_COLUMNS, option, name, "user");
            String item = column(header, ITEM_COLUMNS, option, name, "item");
            String rating = find(header, List.of("rating"));
            String weight = find(header, List.of("weight"));
            if (rating != null && weight != null) {
                throw new EvaluationException(option, name + " has both a rating and a weight column; ratings are "
                        + "explicit feedback, weights implicit: keep one");
            }
            String timestamp = find(header, List.of("timestamp"));
            List<Rating> rows = new ArrayList<>();
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                String where = name + " line " + line;
                String u = value(r, user, where);
                String i = value(r, item, where);
                double v = rating != null ? number(value(r, rating, where), where + ": " + rating)
                        : weight != null ? positive(value(r, weight, where), where + ": " + weight) : 1;
                long ts = timestamp == null || !r.isSet(timestamp) || r.get(timestamp).isBlank() ? 0
                        : time(r.get(timestamp), where + ": " + timestamp);
                rows.add(new Rating(u, i, v, ts));
            }
            if (rows.isEmpty()) {
                throw new EvaluationException(option, name + " has a header but no rows");
            }
            return new RatingsSet(rows, rating != null);
        } catch (NoSuchFileException e) {
            throw new EvaluationException(option, "file not found: " + file);
        } catch (IOException e) {
            throw new EvaluationException(option, "cannot read " + file + ": " + e.getMessage());
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            // commons-csv reports malformed CSV (unbalanced quotes, duplicate headers) this way.
            throw new EvaluationException(option, name + " is not valid CSV: " + e.getMessage());
        }
    }

    private static String column(Map<String, Integer> header, List<String> names, String option, String file,
                                 String what) {
        String c = find(header, names);
        if (c == null) {
            throw new EvaluationException(option, file + " has no " + what + " column; the header must name one of "
                    + String.join(", ", names) + " (found: " + String.join(", ", header.keySet()) + ")");
        }
        return c;
    }

    private static String find(Map<String, Integer> header, List<String> names) {
        for (String h : header.keySet()) {
            if (names.contains(h.strip().toLowerCase(Locale.ROOT))) {
                return h;
            }
        }
        return null;
    }

    private static String value(CSVRecord r, String column, String where) {
        if (!r.isSet(column) || r.get(column).isBlank()) {
            throw new EvaluationException(where + ": " + column, "is missing");
        }
        return r.get(column).strip();
    }

    private static double number(String s, String field) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EvaluationException(field, "must be a number, got \"" + s + "\"");
    }

    private static double positive(String s, String field) {
        double d = number(s, field);
        if (d <= 0) {
            throw new EvaluationException(field, "must be a positive number, got \"" + s + "\"");
        }
        return d;
    }

    private static long time(String s, String field) {
        try {
            long n = Long.parseLong(s.strip());
            return n < SECONDS_LIMIT ? n * 1000 : n;
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(s.strip()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new EvaluationException(field,
                        "must be epoch seconds, epoch milliseconds or an ISO-8601 instant, got \"" + s + "\"");
            }
        }
    }
}
