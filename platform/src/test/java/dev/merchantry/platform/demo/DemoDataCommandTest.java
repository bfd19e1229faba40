package dev.merchantry.platform.demo;

import dev.merchantry.platform.cli.Main;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry demo-data}: the CSV files of docs/data.md hold exactly what the generator emits. */
class DemoDataCommandTest {

    private static final String[] SIZE = {"--customers", "120", "--products", "30", "--days", "120", "--seed", "9",
        "--end", "2026-01-01"};

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] args(Path dir, String... more) {
        String[] all = new String[3 + more.length];
        all[0] = "demo-data";
        all[1] = "--out";
        all[2] = dir.toString();
        System.arraycopy(more, 0, all, 3, more.length);
        return all;
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            return parser.getRecords();
        }
    }

    @Test
    void writesTheGeneratorsDataAsCsvAndIsDeterministic(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("nested/demo");
        Result r = run(args(dir, SIZE));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("products.csv") && r.out().contains("ratings.csv"), r.out());

        Capture c = Capture.generate(new DemoScale(120, 30, 120), 9);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), c.generator.end());

        List<CSVRecord> products = read(dir.resolve("products.csv"));
        assertEquals(c.products.size(), products.size());
        for (int j = 0; j < products.size(); j++) {
            JsonObject p = c.products.get(j);
            CSVRecord row = products.get(j);
            assertEquals(p.getString("product_id"), row.get("product_id"));
            assertEquals(p.getString("title"), row.get("title"));
            assertEquals(p.getString("category"), row.get("category"));
            assertEquals(p.getDouble("price"), Double.parseDouble(row.get("price")));
            assertEquals(p.getDouble("cost"), Double.parseDouble(row.get("cost")));
            assertEquals(p.getBoolean("hidden").toString(), row.get("hidden"));
        }

        List<CSVRecord> orders = read(dir.resolve("orders.csv"));
        List<Capture.Line> lines = c.lines();
        assertEquals(lines.size(), orders.size());
        for (int k = 0; k < lines.size(); k++) {
            Capture.Line line = lines.get(k);
            CSVRecord row = orders.get(k);
            assertEquals(line.orderId(), row.get("order_id"));
            assertEquals(line.customer(), row.get("customer_id"));
            assertEquals(line.at().toString(), row.get("timestamp"));
            assertEquals(c.products.get(line.product()).getString("product_id"), row.get("product_id"));
            assertEquals(line.quantity(), Integer.parseInt(row.get("quantity")));
            assertEquals(line.price(), Double.parseDouble(row.get("price")));
        }

        List<CSVRecord> events = read(dir.resolve("events.csv"));
        List<JsonObject> nonOrders = c.events.stream().filter(e -> !e.getString("type").equals("Order Completed")).toList();
        assertEquals(nonOrders.size(), events.size());
        Set<String> types = new HashSet<>();
        for (int k = 0; k < events.size(); k++) {
            JsonObject e = nonOrders.get(k);
            CSVRecord row = events.get(k);
            JsonObject props = e.getJsonObject("properties");
            types.add(row.get("type"));
            assertEquals(e.getString("event_id"), row.get("event_id"));
            assertEquals(e.getString("type"), row.get("type"));
            assertEquals(e.getString("timestamp"), row.get("timestamp"));
            assertEquals(e.getString("customer_id", ""), row.get("customer_id"));
            assertEquals(e.getString("anonymous_id", ""), row.get("anonymous_id"));
            assertEquals(props.getString("product_id", ""), row.get("product_id"));
            assertEquals(props.getString("order_id", ""), row.get("order_id"));
            if (props.containsKey("price")) {
                assertEquals(props.getDouble("price"), Double.parseDouble(row.get("price")));
            }
            if (props.containsKey("revenue")) {
                assertEquals(props.getDouble("revenue"), Double.parseDouble(row.get("revenue")));
            }
            if (props.containsKey("rating")) {
                assertEquals(props.getDouble("rating"), Double.parseDouble(row.get("rating")));
            }
        }
        assertTrue(types.containsAll(List.of("Product Viewed", "Product Added", "Product Reviewed")), types.toString());

        List<CSVRecord> inventory = read(dir.resolve("inventory.csv"));
        assertEquals(c.inventory.size(), inventory.size());
        assertEquals(c.inventory.get(0).getString("timestamp"), inventory.get(0).get("timestamp"));

        List<CSVRecord> ratings = read(dir.resolve("ratings.csv"));
        long reviews = c.events.stream().filter(e -> e.getString("type").equals("Product Reviewed")).count();
        assertTrue(!ratings.isEmpty() && ratings.size() <= reviews);
        Set<String> pairs = new HashSet<>();
        for (CSVRecord row : ratings) {
            assertTrue(pairs.add(row.get("user") + "/" + row.get("item")), "one rating per user and item");
            double rating = Double.parseDouble(row.get("rating"));
            assertTrue(rating >= 1 && rating <= 5);
            long ts = Long.parseLong(row.get("timestamp"));
            assertTrue(ts >= c.generator.start().getEpochSecond() && ts < c.generator.end().getEpochSecond());
        }
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");

        // Same flags, same bytes.
        Path again = tmp.resolve("again");
        assertEquals(0, run(args(again, SIZE)).code());
        for (String name : List.of("products.csv", "orders.csv", "events.csv", "inventory.csv", "ratings.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)), Files.readAllBytes(again.resolve(name)), name);
        }
    }

    @Test
    void badFlagsGiveOneClearLine(@TempDir Path tmp) throws IOException {
        Result zero = run(args(tmp, "--customers", "0"));
        assertEquals(2, zero.code());
        assertTrue(zero.err().startsWith("error: --customers must be between 1 and"), zero.err());
        assertEquals(2, zero.err().lines().count(), "the error and a usage hint: " + zero.err());

        assertTrue(run(args(tmp, "--days", "-3")).err().contains("--days must be between 1"));
        assertTrue(run(args(tmp, "--products", "0")).err().contains("--products must be between 1"));
        assertTrue(run(args(tmp, "--end", "yesterday")).err().contains("--end must be a date like 2026-01-01"));

        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        Result notDir = run(args(file));
        assertEquals(2, notDir.code());
        assertTrue(notDir.err().contains("is a file, not a directory"), notDir.err());

        Result missing = run("demo-data");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--out"), missing.err());
    }
}
