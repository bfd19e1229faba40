package dev.merchantry.platform.tools.importclient;

import dev.merchantry.platform.cli.Main;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry import} end to end against a server implementing the ingestion reply contract. */
class ImportCommandTest {

    @TempDir
    Path dir;

    private ImportTestServer server;

    @BeforeEach
    void startServer() {
        server = ImportTestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    record Run(int code, String out, String err) {
        long count(String label) {
            Matcher m = Pattern.compile("(?m)^\\s+" + label + "\\s+([\\d,]+)").matcher(out);
            assertTrue(m.find(), "no '" + label + "' in summary:\n" + out + err);
            return Long.parseLong(m.group(1).replace(",", ""));
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Run importEvents(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("import", "--url", server.url(), "--shop", ImportTestServer.SHOP,
                "--api-key", ImportTestServer.KEY, "--events", file.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** Events e-0..e-(n-1), line i+2 for event i, with the ids and cells given by {@code special}. */
    private Path eventsFile(int n, java.util.function.IntFunction<String> special) throws IOException {
        StringBuilder csv = new StringBuilder("customer_id,event_id,timestamp,type,product_id\n");
        for (int i = 0; i < n; i++) {
            String row = special.apply(i);
            csv.append(row != null ? row : "c-" + (i % 7) + ",e-" + i + "," + (1763647391 + i) + ",Product Viewed,p-" + (i % 13))
                    .append('\n');
        }
        Path file = dir.resolve("events.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static List<CSVRecord> rejects(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    @Test
    void importsInBatchesRetriesA503AndReportsRejectsByFileLine() throws IOException {
        server.unavailableFirst = 1;
        Path file = eventsFile(250, i -> switch (i) {
            case 10 -> "c-1,bad-10,1763647391,Product Viewed,p-1";          // line 12: refused by the server
            case 120 -> "c-1,e-120,not-a-time,Product Viewed,p-1";          // line 122: rejected locally
            case 130 -> "c-1,e-5,1763647391,Product Viewed,p-1";            // line 132: same id as line 7
            case 249 -> "c-1,bad-249,1763647391,Product Viewed,p-1";        // line 251, last batch
            default -> null;
        });

        Run r = importEvents(file, "--batch-size", "100", "--concurrency", "2");

        assertEquals(0, r.code(), r.err());
        assertEquals(250, r.count("rows read"));
        assertEquals(249, r.count("sent"));
        assertEquals(246, r.count("accepted"));
        assertEquals(1, r.count("duplicates"));
        assertEquals(3, r.count("rejected"));
        assertTrue(r.out().contains("client 1 rows, server 2 events"), r.out());
        assertTrue(r.out().contains("retries: 1"), r.out());
        assertTrue(r.err().contains("retrying in") && r.err().contains("answered 503: warming up"), r.err());
        assertEquals(246, server.ids.size());
        assertEquals(4, server.requests.get(), "3 batches of at most 100, plus the one answered 503");
        assertEquals("2025-11-20T14:03:11Z", server.received.stream()
                .filter(e -> e.getString("event_id").equals("e-0")).findFirst().orElseThrow().getString("timestamp"));

        List<CSVRecord> rejected = rejects(dir.resolve("events.csv.rejects.csv"));
        assertEquals(List.of("12", "122", "251"), rejected.stream().map(x -> x.get("line")).sorted().toList());
        CSVRecord local = rejected.stream().filter(x -> x.get("line").equals("122")).findFirst().orElseThrow();
        assertEquals("e-120", local.get("id"));
        assertEquals("timestamp", local.get("field"));
        CSVRecord remote = rejected.stream().filter(x -> x.get("line").equals("12")).findFirst().orElseThrow();
        assertEquals("bad-10", remote.get("id"));
        assertEquals("event_id", remote.get("field"));
        assertEquals("ids starting with bad are refused", remote.get("message"));
        assertFalse(Files.exists(dir.resolve("events.csv.import-checkpoint")), "a completed import deletes it");
    }

    @Test
    void aRerunAfterAnInterruptionResumesFromTheCheckpoint() throws IOException {
        Path file = eventsFile(1000, i -> i == 50 || i == 700 ? "c-1,e-" + i + ",,Product Viewed,p-1" : null);
        server.refuseFrom = 4; // batches 1-3 land, then the key "is revoked"

        Run first = importEvents(file, "--batch-size", "100", "--concurrency", "1");

        assertEquals(1, first.code(), first.out());
        assertEquals("error: POST " + server.url() + "/api/v1/shops/s1/events answered 401: API key revoked",
                first.err().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertFalse(first.err().contains("Exception") || first.err().contains("\tat "), first.err());
        // 3 batches of 100 events hold rows 0-300 (row 50 was rejected locally): 301 rows, through line 302
        assertTrue(first.out().contains("the first 301 rows are confirmed"), first.out());
        JsonObject checkpoint = new JsonObject(Files.readString(dir.resolve("events.csv.import-checkpoint")));
        assertEquals(301, checkpoint.getLong("rows"));
        assertEquals(302, checkpoint.getLong("line"));
        assertEquals(300, server.ids.size());

        server.refuseFrom = 0;
        int seenBefore = server.itemsSeen.get();
        Run second = importEvents(file, "--batch-size", "100", "--concurrency", "1");

        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("resuming: skipping the first 301 rows (through line 302)"), second.err());
        assertTrue(second.out().contains("301 skipped"), second.out());
        assertEquals(1000, second.count("rows read"));
        assertEquals(698, second.count("sent"));
        assertEquals(698, second.count("accepted"));
        assertEquals(0, second.count("duplicates"));
        assertEquals(698, server.itemsSeen.get() - seenBefore, "nothing confirmed before was sent again");
        assertEquals(998, server.ids.size());
        assertFalse(Files.exists(dir.resolve("events.csv.import-checkpoint")));
        // the rejects file covers the whole file once: line 52 kept from the first run, line 702 from the second
        assertEquals(List.of("52", "702"), rejects(dir.resolve("events.csv.rejects.csv")).stream()
                .map(x -> x.get("line")).toList());
    }

    @Test
    void restartOrAChangedFileIgnoresTheCheckpoint() throws IOException {
        Path file = eventsFile(500, i -> null);
        server.refuseFrom = 3;
        assertEquals(1, importEvents(file, "--batch-size", "100", "--concurrency", "1").code());
        server.refuseFrom = 0;

        Run restarted = importEvents(file, "--batch-size", "100", "--restart");
        assertEquals(0, restarted.code(), restarted.err());
        assertEquals(500, restarted.count("sent"));
        assertEquals(200, restarted.count("duplicates"));

        server.refuseFrom = server.requests.get() + 2;
        Files.writeString(dir.resolve("events.csv.rejects.csv"), "stale");
        assertEquals(1, importEvents(file, "--batch-size", "100", "--concurrency", "1").code());
        Files.writeString(file, Files.readString(file) + "c-1,e-new,1763647391,Product Viewed,p-1\n");
        server.refuseFrom = 0;
        Run changed = importEvents(file, "--batch-size", "100");
        assertEquals(0, changed.code(), changed.err());
        assertTrue(changed.err().contains("ignoring events.csv.import-checkpoint"), changed.err());
        assertEquals(501, changed.count("sent"));
        assertEquals(1, changed.count("accepted"));
        assertFalse(Files.exists(dir.resolve("events.csv.rejects.csv")), "a clean fresh run leaves no rejects file");
    }

    @Test
    void ordersAreGroupedAndAServerRejectPointsAtTheOrderLine() throws IOException {
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, """
                order_id,customer_id,timestamp,product_id,quantity,price
                o-1,c-1,2026-11-20T14:03:11Z,p-1,2,19.90
                o-1,c-1,2026-11-20T14:03:11Z,p-2,1,5
                o-2,c-2,2026-11-20T15:00:00Z,p-1,1,19.90
                o-2,c-2,2026-11-20T15:00:00Z,p-3,0,4
                o-1,c-1,2026-11-20T14:03:11Z,p-9,1,5
                """);
        Path rejectsFile = dir.resolve("out").resolve("rejected.csv");
        Files.createDirectories(rejectsFile.getParent());

        Run r = run("import", "--url", server.url() + "/", "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--orders", file.toString(), "--rejects", rejectsFile.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.count("sent"));
        assertEquals(1, r.count("accepted"));
        JsonObject order = server.received.get(0);
        assertEquals("order:o-1", order.getString("event_id"));
        assertEquals(2, order.getJsonObject("properties").getJsonArray("products").size());
        List<CSVRecord> rejected = new ArrayList<>(rejects(rejectsFile));
        rejected.sort(java.util.Comparator.comparing(x -> x.get("line")));
        assertEquals(2, rejected.size());
        assertEquals("5", rejected.get(0).get("line"), "the line of products[1] of order o-2");
        assertEquals("order:o-2", rejected.get(0).get("id"));
        assertEquals("properties.products[1].quantity", rejected.get(0).get("field"));
        assertEquals("6", rejected.get(1).get("line"));
        assertTrue(rejected.get(1).get("message").contains("must be consecutive"));
    }

    @Test
    void fatalErrorsAreOneLineWithExitCode1() throws IOException {
        Path file = eventsFile(3, i -> null);

        Run badKey = run("import", "--url", server.url(), "--shop", "s1", "--api-key", "nope", "--events", file.toString());
        assertEquals(1, badKey.code());
        assertEquals(List.of("error: POST " + server.url() + "/api/v1/shops/s1/events answered 401: invalid API key"),
                badKey.err().strip().lines().toList());

        Run unknownShop = run("import", "--url", server.url(), "--shop", "s9", "--api-key", ImportTestServer.KEY,
                "--events", file.toString());
        assertEquals(1, unknownShop.code());
        assertTrue(unknownShop.err().strip().endsWith("answered 404: shop 's9' does not exist"), unknownShop.err());

        Path products = dir.resolve("products.csv");
        Files.writeString(products, "sku,title\na,b\n");
        Run missingColumn = run("import", "--url", server.url(), "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--products", products.toString());
        assertEquals(1, missingColumn.code());
        assertEquals("error: products.csv: missing required column product_id for --products (header: sku,title)",
                missingColumn.err().strip());

        Run noFile = run("import", "--url", server.url(), "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--inventory", dir.resolve("missing.csv").toString());
        assertEquals(1, noFile.code());
        assertTrue(noFile.err().strip().matches("error: .*missing\\.csv: no such file"), noFile.err());

        Run twoFiles = run("import", "--url", server.url(), "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--events", file.toString(), "--products", products.toString());
        assertEquals(2, twoFiles.code());
        assertTrue(twoFiles.err().startsWith("error: "), twoFiles.err());

        Run tooBig = run("import", "--url", server.url(), "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--products", products.toString(), "--batch-size", "6000");
        assertEquals(1, tooBig.code());
        assertTrue(tooBig.err().contains("--batch-size must be between 1 and 5000"), tooBig.err());
        assertEquals(0, server.ids.size());
    }

    @Test
    void productsAndNdjsonInventoryUseTheirEndpoints() throws IOException {
        Path products = dir.resolve("catalog.csv");
        Files.writeString(products, "product_id,title,price\np-1,Mug,9.5\nbad-2,Cup,3\n");
        Run p = run("import", "--url", server.url(), "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--products", products.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(1, p.count("accepted"));
        assertEquals(0, p.count("duplicates"), "a products reply has no duplicates: counted as 0");

        Path stock = dir.resolve("stock.ndjson");
        Files.writeString(stock, "{\"product_id\":\"p-1\",\"on_hand\":4,\"timestamp\":1763647391}\n");
        Run s = run("import", "--url", server.url(), "--shop", "s1", "--api-key", ImportTestServer.KEY,
                "--inventory", stock.toString());
        assertEquals(0, s.code(), s.err());
        assertEquals(1, s.count("accepted"));
        assertTrue(server.received.stream().anyMatch(x -> x.encode()
                .equals("{\"product_id\":\"p-1\",\"on_hand\":4,\"timestamp\":\"2025-11-20T14:03:11Z\"}")), server.received::toString);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("catalog.csv", "catalog.csv.rejects.csv", "stock.ndjson"),
                    left.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }
}
