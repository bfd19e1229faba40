package dev.merchantry.platform.tools.evaluation.profiler;

import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every customer's orders from an orders CSV of docs/data.md ({@code customer_id, order_id, timestamp, product_id,
 * quantity, price}, one row per line item; other columns ignored). The lines of an order are gathered by
 * (customer, order id) wherever they are in the file; an order's time is its first line's. Every problem names the
 * file, line and column.
 */
public final class OrderHistory {

    static final List<String> COLUMNS = List.of("customer_id", "order_id", "timestamp", "product_id", "quantity", "price");
    private static final Pattern EPOCH = Pattern.compile("-?\\d{1,11}(\\.\\d{1,9})?");

    /** Customer id → orders, oldest first; customers sorted by id. */
    private final Map<String, List<Order>> orders;
    private final long lines;
    private final Instant first;
    private final Instant last;

    private OrderHistory(Map<String, List<Order>> orders, long lines, Instant first, Instant last) {
        this.orders = orders;
        this.lines = lines;
        this.first = first;
        this.last = last;
    }

    public static OrderHistory read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new EvaluationException("--orders", file + " is not a readable file");
        }
        String name = file.getFileName().toString();
        record Acc(Instant at, List<OrderLine> lines) {
        }
        Map<String, Map<String, Acc>> byCustomer = new TreeMap<>();
        long count = 0;
        Instant first = null;
        Instant last = null;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            for (String column : COLUMNS) {
                if (!csv.getHeaderMap().containsKey(column)) {
                    throw new EvaluationException(name, "missing column '" + column + "'; an orders file has the columns "
                            + String.join(",", COLUMNS) + " (docs/data.md)");
                }
            }
            for (CSVRecord row : csv) {
                long line = row.getRecordNumber() + 1;
                String where = name + " line " + line;
                String customer = required(row, "customer_id", where);
                String order = required(row, "order_id", where);
                Instant at = timestamp(required(row, "timestamp", where), where + ": timestamp");
                String product = required(row, "product_id", where);
                double quantity = number(required(row, "quantity", where), where + ": quantity");
                double price = number(required(row, "price", where), where + ": price");
                Acc acc = byCustomer.computeIfAbsent(customer, k -> new LinkedHashMap<>())
                        .computeIfAbsent(order, k -> new Acc(at, new ArrayList<>()));
                acc.lines().add(new OrderLine(product, null, quantity, price));
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
                count++;
            }
        } catch (IOException e) {
            throw new EvaluationException("--orders", "cannot read " + file + ": " + e.getMessage());
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new EvaluationException(name, "not a readable CSV file: " + e.getMessage());
        }
        if (count == 0) {
            throw new EvaluationException(name, "has no order lines");
        }
        Map<String, List<Order>> out = new LinkedHashMap<>();
        byCustomer.forEach((customer, acc) -> {
            List<Order> list = new ArrayList<>(acc.size());
            acc.forEach((id, a) -> list.add(new Order(id, a.at(), a.lines().stream()
                    .mapToDouble(l -> l.quantity() * l.price()).sum(), 0, a.lines())));
            list.sort(Comparator.comparing(Order::timestamp).thenComparing(Order::orderId));
            out.put(customer, list);
        });
        return new OrderHistory(out, count, first, last);
    }

    private static String required(CSVRecord row, String column, String where) {
        String v = row.isSet(column) ? row.get(column) : null;
        if (v == null || v.isEmpty()) {
            throw new EvaluationException(where + ": " + column, "is empty");
        }
        return v;
    }

    private static double number(String s, String where) {
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new EvaluationException(where, "'" + s + "' is not a number");
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new EvaluationException(where, "must be a finite number >= 0, got '" + s + "'");
        }
        return d;
    }

    /** ISO-8601 with offset, a date (its UTC midnight), or Unix epoch seconds. */
    static Instant timestamp(String s, String where) {
        if (EPOCH.matcher(s).matches()) {
            BigDecimal seconds = new BigDecimal(s);
            long whole = seconds.longValue();
            return Instant.ofEpochSecond(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue());
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new EvaluationException(where, "'" + s + "' is not an ISO-8601 date-time with offset "
                        + "(2026-11-20T14:03:11Z), a date (2026-11-20) or Unix epoch seconds");
            }
        }
    }

    public Map<String, List<Order>> orders() {
        return orders;
    }

    public long lines() {
        return lines;
    }

    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }
}
