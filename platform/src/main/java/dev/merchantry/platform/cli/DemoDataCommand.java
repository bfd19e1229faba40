package dev.merchantry.platform.cli;

import dev.merchantry.platform.demo.DemoDataGenerator;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.demo.DemoSink;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code merchantry demo-data}: writes the demo shop's generated history (docs/demo-data.md) as the CSV files of
 * docs/data.md, ready for {@code merchantry import} or for offline evaluation.
 */
@Command(name = "demo-data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the demo shop's generated data (an outdoor store: catalog, events, orders, inventory, "
                + "ratings) as CSV files.",
            "The same seed, sizes and end give identical files. The model is described in docs/demo-data.md."},
        footer = {"", "Files: products.csv, orders.csv (one row per line item), events.csv (views, cart adds and "
                + "removes, reviews, refunds), inventory.csv, ratings.csv (user,item,rating,timestamp).",
            "", "Example:", "  merchantry demo-data --out demo --seed 7 --end 2026-01-01"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the files were written", "1:writing failed", "2:invalid command line"})
final class DemoDataCommand implements Callable<Integer> {

    static final List<String> PRODUCT_COLUMNS =
            List.of("product_id", "sku", "title", "category", "price", "cost", "currency", "hidden");
    static final List<String> ORDER_COLUMNS =
            List.of("customer_id", "order_id", "timestamp", "product_id", "quantity", "price");
    static final List<String> EVENT_COLUMNS = List.of("event_id", "type", "timestamp", "customer_id", "anonymous_id",
            "product_id", "sku", "category", "price", "quantity", "order_id", "revenue", "currency", "rating");
    static final List<String> INVENTORY_COLUMNS = List.of("product_id", "on_hand", "timestamp");
    static final List<String> RATING_COLUMNS = List.of("user", "item", "rating", "timestamp");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "directory to write the files to (created if missing; existing files are replaced)")
    Path out;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "2000",
            description = "registered customers (default: ${DEFAULT-VALUE})")
    int customers;

    @Option(names = "--products", paramLabel = "N", defaultValue = "300",
            description = "catalog products (default: ${DEFAULT-VALUE})")
    int products;

    @Option(names = "--days", paramLabel = "N", defaultValue = "730",
            description = "days of history (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--end", paramLabel = "DATE",
            description = "the history ends at this UTC date's midnight (exclusive), e.g. 2026-01-01, or at an "
                    + "ISO-8601 instant (default: today's UTC midnight)")
    String end;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        DemoScale scale = new DemoScale(
                positive("--customers", customers, DemoScale.MAX_CUSTOMERS),
                positive("--products", products, DemoScale.MAX_PRODUCTS),
                positive("--days", days, DemoScale.MAX_DAYS));
        Instant endAt = parseEnd();
        Path dir = outputDirectory();

        long t0 = System.nanoTime();
        DemoDataGenerator generator = new DemoDataGenerator(scale, seed, endAt);
        CsvSink sink = new CsvSink(dir);
        try {
            generator.generate(sink);
            sink.finish();
        } catch (UncheckedIOException e) {
            sink.abandon();
            throw new IOException("writing to " + dir + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (IOException | RuntimeException e) {
            sink.abandon();
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        PrintWriter printer = new PrintWriter(spec.commandLine().getOut());
        printer.printf(Locale.ROOT, "Wrote the demo shop's data to %s in %.1f s (seed %d, %d days from %s to %s):%n",
                dir, seconds, seed, scale.days(), generator.start(), generator.end());
        printer.printf(Locale.ROOT, "  products.csv   %,9d products (%d hidden)%n", sink.productRows, sink.hiddenProducts);
        printer.printf(Locale.ROOT, "  orders.csv     %,9d lines of %,d orders by %,d customers%n", sink.orderRows,
                sink.orders, sink.buyers.size());
        printer.printf(Locale.ROOT, "  events.csv     %,9d events: %s%n", sink.eventRows, sink.eventSummary());
        printer.printf(Locale.ROOT, "  inventory.csv  %,9d snapshots (%,d at zero stock)%n", sink.inventoryRows,
                sink.zeroSnapshots);
        printer.printf(Locale.ROOT, "  ratings.csv    %,9d ratings%n", sink.ratings.size());
        printer.flush();
        return 0;
    }

    private int positive(String flag, int value, int max) {
        if (value < 1 || value > max) {
            throw new ParameterException(spec.commandLine(),
                    flag + " must be between 1 and " + String.format(Locale.ROOT, "%,d", max) + ", got " + value);
        }
        return value;
    }

    private Instant parseEnd() {
        if (end == null) {
            return LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return end.contains("T") ? Instant.parse(end) : LocalDate.parse(end).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(),
                    "--end must be a date like 2026-01-01 or an instant like 2026-01-01T00:00:00Z, got '" + end + "'");
        }
    }

    private Path outputDirectory() {
        Path dir = out.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " cannot be created: " + reason(e));
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is not writable");
        }
        return dir;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /** A number as plain text: 19.9, 4.5, 2 (never 1.0E-4). */
    static String number(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Float f) {
            return BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** Writes each stream to its CSV file (via a temporary file renamed at the end). */
    static final class CsvSink implements DemoSink {
        private final Path dir;
        private final Map<String, Path> temporary = new LinkedHashMap<>();
        private final CSVPrinter productsCsv;
        private final CSVPrinter ordersCsv;
        private final CSVPrinter eventsCsv;
        private final CSVPrinter inventoryCsv;
        /** Latest rating per (user, item): "user\titem" → {user, item, rating, epoch seconds}. */
        final Map<String, String[]> ratings = new LinkedHashMap<>();
        final Map<String, Integer> eventTypes = new TreeMap<>();
        final java.util.Set<String> buyers = new java.util.HashSet<>();
        long productRows;
        long hiddenProducts;
        long orderRows;
        long orders;
        long eventRows;
        long inventoryRows;
        long zeroSnapshots;

        CsvSink(Path dir) throws IOException {
            this.dir = dir;
            productsCsv = open("products.csv", PRODUCT_COLUMNS);
            ordersCsv = open("orders.csv", ORDER_COLUMNS);
            eventsCsv = open("events.csv", EVENT_COLUMNS);
            inventoryCsv = open("inventory.csv", INVENTORY_COLUMNS);
        }

        private CSVPrinter open(String name, List<String> header) throws IOException {
            Path tmp = dir.resolve("." + name + ".tmp");
            temporary.put(name, tmp);
            Writer writer = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16);
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            printer.printRecord(header);
            return printer;
        }

        @Override
        public void products(List<JsonObject> batch) {
            for (JsonObject p : batch) {
                print(productsCsv, p.getString("product_id"), p.getString("sku"), p.getString("title"),
                        p.getString("category"), number(p.getValue("price")), number(p.getValue("cost")),
                        p.getString("currency"), String.valueOf(p.getBoolean("hidden")));
                productRows++;
                hiddenProducts += p.getBoolean("hidden") ? 1 : 0;
            }
        }

        @Override
        public void events(List<JsonObject> batch) {
            for (JsonObject e : batch) {
                String type = e.getString("type");
                JsonObject props = e.getJsonObject("properties");
                if (type.equals("Order Completed")) {
                    orders++;
                    buyers.add(e.getString("customer_id"));
                    JsonArray items = props.getJsonArray("products");
                    for (int k = 0; k < items.size(); k++) {
                        JsonObject item = items.getJsonObject(k);
                        print(ordersCsv, e.getString("customer_id"), props.getString("order_id"), e.getString("timestamp"),
                                item.getString("product_id"), number(item.getValue("quantity")),
                                number(item.getValue("price")));
                        orderRows++;
                    }
                    continue;
                }
                eventTypes.merge(type, 1, Integer::sum);
                print(eventsCsv, e.getString("event_id"), type, e.getString("timestamp"), e.getString("customer_id"),
                        e.getString("anonymous_id"), props.getString("product_id"), props.getString("sku"),
                        props.getString("category"), number(props.getValue("price")), number(props.getValue("quantity")),
                        props.getString("order_id"), number(props.getValue("revenue")), props.getString("currency"),
                        number(props.getValue("rating")));
                eventRows++;
                if (type.equals("Product Reviewed") && e.getString("customer_id") != null) {
                    String user = e.getString("customer_id");
                    String item = props.getString("product_id");
                    String key = user + "\t" + item;
                    ratings.remove(key); // re-insert: the file lists ratings in the order of their latest review
                    ratings.put(key, new String[] {user, item, number(props.getValue("rating")),
                        Long.toString(Instant.parse(e.getString("timestamp")).getEpochSecond())});
                }
            }
        }

        @Override
        public void inventory(List<JsonObject> batch) {
            for (JsonObject s : batch) {
                print(inventoryCsv, s.getString("product_id"), number(s.getValue("on_hand")), s.getString("timestamp"));
                inventoryRows++;
                zeroSnapshots += s.getInteger("on_hand") == 0 ? 1 : 0;
            }
        }

        private static void print(CSVPrinter printer, String... values) {
            try {
                List<String> row = new ArrayList<>(values.length);
                for (String v : values) {
                    row.add(v == null ? "" : v);
                }
                printer.printRecord(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String eventSummary() {
            List<String> parts = new ArrayList<>();
            eventTypes.forEach((type, count) -> parts.add(String.format(Locale.ROOT, "%,d %s", count, type)));
            return String.join(", ", parts);
        }

        /** Writes ratings.csv, closes every file and moves them into place. */
        void finish() throws IOException {
            CSVPrinter ratingsCsv = open("ratings.csv", RATING_COLUMNS);
            for (String[] r : ratings.values()) {
                print(ratingsCsv, r);
            }
            for (CSVPrinter p : List.of(productsCsv, ordersCsv, eventsCsv, inventoryCsv, ratingsCsv)) {
                p.close(true);
            }
            for (Map.Entry<String, Path> e : temporary.entrySet()) {
                Path target = dir.resolve(e.getKey());
                try {
                    Files.move(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException unsupported) {
                    Files.move(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }

        /** After a failure: closes and deletes the temporary files. */
        void abandon() {
            for (CSVPrinter p : List.of(productsCsv, ordersCsv, eventsCsv, inventoryCsv)) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            for (Path tmp : temporary.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
