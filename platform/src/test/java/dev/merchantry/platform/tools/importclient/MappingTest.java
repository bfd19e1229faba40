package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How files become API items: columns, aliases, timestamps, order grouping and local rejects with their lines. */
class MappingTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    /** What a mapper made of a file. */
    record Mapped(List<ImportItem> items, List<Long> rejectedRows, List<Rejection> rejects) {
        JsonObject body(int i) {
            return items.get(i).body();
        }
    }

    private Mapped map(ImportKind kind, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Mapped m = new Mapped(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        ItemSink sink = new ItemSink() {
            @Override
            public void item(ImportItem item) {
                m.items.add(item);
            }

            @Override
            public void reject(long row, Rejection rejection) {
                m.rejectedRows.add(row);
                m.rejects.add(rejection);
            }
        };
        try (RowSource source = RowSource.open(file, kind.aliases())) {
            RowMapper mapper = RowMapper.forKind(kind, source instanceof NdjsonRowSource, START);
            for (SourceRow row; (row = source.next()) != null; ) {
                mapper.map(row, sink);
            }
            mapper.finish(sink);
        }
        return m;
    }

    @Test
    void eventColumnsInAnyOrderAnyCaseExtraColumnsIgnored() throws IOException {
        Mapped m = map(ImportKind.EVENTS, "events.csv", """
                Timestamp,note,price,TYPE,product_id,event_id,customer_id,quantity,currency
                2026-11-20T14:03:11+01:00,x,19.90,Product Added,p-1,e-1,c-1,2,EUR
                1763647391,y,,Product Viewed,p-2,e-2,c-1,,
                """);
        assertEquals(List.of(), m.rejects());
        assertEquals(new JsonObject().put("event_id", "e-1").put("type", "Product Added")
                .put("timestamp", "2026-11-20T14:03:11+01:00").put("customer_id", "c-1")
                .put("properties", new JsonObject().put("product_id", "p-1").put("currency", "EUR")
                        .put("price", new java.math.BigDecimal("19.90")).put("quantity", 2L)).encode(), m.body(0).encode());
        // exact decimal and integer quantity on the wire
        assertTrue(m.body(0).encode().contains("\"price\":19.90"), m.body(0).encode());
        assertTrue(m.body(0).encode().contains("\"quantity\":2"), m.body(0).encode());
        // epoch seconds become Instant.toString(); blank cells are left out
        assertEquals("2025-11-20T14:03:11Z", m.body(1).getString("timestamp"));
        assertEquals(new JsonObject().put("product_id", "p-2"), m.body(1).getJsonObject("properties"));
        assertEquals(3, m.items().get(1).lines()[0]);
    }

    @Test
    void ratingsAcceptUserIdItemIdAndGetStableIdsWhateverTheTimestampForm() throws IOException {
        Mapped m = map(ImportKind.RATINGS, "ratings.csv", """
                userId,itemId,rating,timestamp
                1,31,2.5,1260759144
                1,31,2.5,2009-12-14T02:52:24Z
                2,10,4,
                """);
        assertEquals(3, m.items().size());
        JsonObject first = m.body(0);
        assertEquals("rating:1:31:2009-12-14T02:52:24Z", first.getString("event_id"));
        assertEquals("Product Reviewed", first.getString("type"));
        assertEquals("1", first.getString("customer_id"));
        assertEquals("31", first.getJsonObject("properties").getString("product_id"));
        assertEquals(2.5, first.getJsonObject("properties").getNumber("rating").doubleValue());
        assertEquals(first.getString("event_id"), m.body(1).getString("event_id"), "epoch and ISO give the same id");
        // no timestamp: the import's start time, and an id without it
        assertEquals("rating:2:10", m.body(2).getString("event_id"));
        assertEquals(START.toString(), m.body(2).getString("timestamp"));
    }

    @Test
    void movieLensRatingsImportAsIs() throws IOException {
        // The header of MovieLens' ratings.csv.
        Mapped m = map(ImportKind.RATINGS, "ratings.csv", """
                userId,movieId,rating,timestamp
                1,31,2.5,1260759144
                """);
        assertEquals("rating:1:31:2009-12-14T02:52:24Z", m.body(0).getString("event_id"));
        assertEquals("31", m.body(0).getJsonObject("properties").getString("product_id"));
    }

    @Test
    void consecutiveOrderRowsBecomeOneOrderAndANonConsecutiveRepeatIsRejected() throws IOException {
        Mapped m = map(ImportKind.ORDERS, "orders.csv", """
                order_id,customer_id,timestamp,product_id,quantity,price
                o-1,c-1,2026-11-20T14:03:11Z,p-1,2,19.90
                o-1,c-1,2026-11-20T14:03:11Z,p-9,1,20
                o-2,c-2,1763647391,p-1,1,19.90
                o-1,c-1,2026-11-20T14:03:11Z,p-3,1,5
                o-3,c-3,2026-11-21T09:00:00Z,p-2,1,3.5
                """);
        assertEquals(List.of("order:o-1", "order:o-2", "order:o-3"), m.items().stream().map(ImportItem::id).toList());
        JsonObject order = m.body(0);
        assertEquals("Order Completed", order.getString("type"));
        assertEquals("c-1", order.getString("customer_id"));
        assertEquals("2026-11-20T14:03:11Z", order.getString("timestamp"));
        JsonObject properties = order.getJsonObject("properties");
        assertEquals("o-1", properties.getString("order_id"));
        JsonArray products = properties.getJsonArray("products");
        assertEquals(2, products.size());
        assertEquals("p-9", products.getJsonObject(1).getString("product_id"));
        assertEquals(1L, products.getJsonObject(1).getLong("quantity"));
        assertEquals(20L, products.getJsonObject(1).getLong("price"));
        // the lines of the order, and which line each product came from
        assertEquals("2-3", m.items().get(0).lineFor("properties"));
        assertEquals("3", m.items().get(0).lineFor("properties.products[1].quantity"));
        assertEquals(1, m.items().get(0).lastRow());
        // o-1 again after o-2: rejected, naming the problem
        assertEquals(1, m.rejects().size());
        Rejection r = m.rejects().get(0);
        assertEquals("5", r.line());
        assertEquals("order:o-1", r.id());
        assertEquals("order_id", r.field());
        assertTrue(r.message().contains("must be consecutive"), r.message());
        assertEquals(List.of(3L), m.rejectedRows());
    }

    @Test
    void anOrderWithABadLineIsRejectedWhole() throws IOException {
        Mapped m = map(ImportKind.ORDERS, "orders.csv", """
                customer_id,order_id,timestamp,product_id,quantity,price
                c-1,o-1,2026-11-20T14:03:11Z,p-1,2,19.90
                c-1,o-1,2026-11-20T14:03:11Z,p-2,two,19.90
                c-1,o-1,2026-11-20T14:03:11Z,p-3,1,1
                c-2,o-2,2026-11-20T14:03:11Z,p-1,1,1
                """);
        assertEquals(List.of("order:o-2"), m.items().stream().map(ImportItem::id).toList());
        assertEquals(List.of("3", "2", "4"), m.rejects().stream().map(Rejection::line).toList());
        assertEquals("quantity", m.rejects().get(0).field());
        assertEquals("'two' is not a number", m.rejects().get(0).message());
        assertTrue(m.rejects().get(1).message().contains("invalid row on line 3"), m.rejects().get(1).message());
    }

    @Test
    void orderCompletedEventRowsWithTheSameIdAreTheLinesOfOneOrder() throws IOException {
        Mapped m = map(ImportKind.EVENTS, "events.csv", """
                event_id,type,timestamp,customer_id,order_id,product_id,price,quantity,revenue,currency
                e-1,Order Completed,2026-11-20T14:03:11Z,c-42,o-77,p-1,19.90,2,59.80,EUR
                e-1,Order Completed,2026-11-20T14:03:11Z,c-42,o-77,p-9,20.00,1,59.80,EUR
                e-2,Product Viewed,2026-11-20T14:05:00Z,c-42,,p-3,,,,
                e-1,Order Completed,2026-11-20T14:03:11Z,c-42,o-77,p-4,1,1,59.80,EUR
                """);
        assertEquals(List.of("e-1", "e-2"), m.items().stream().map(ImportItem::id).toList());
        JsonObject properties = m.body(0).getJsonObject("properties");
        assertEquals("o-77", properties.getString("order_id"));
        assertEquals("EUR", properties.getString("currency"));
        assertEquals(new java.math.BigDecimal("59.80"), properties.getValue("revenue"));
        assertEquals(2, properties.getJsonArray("products").size());
        assertEquals("p-1", properties.getJsonArray("products").getJsonObject(0).getString("product_id"));
        assertEquals(1, m.rejects().size());
        assertEquals("5", m.rejects().get(0).line());
        assertEquals("event_id", m.rejects().get(0).field());
    }

    @Test
    void localRejectsNameTheColumnAndTheLineTheRecordStartsOn() throws IOException {
        Mapped m = map(ImportKind.EVENTS, "events.csv", "event_id,type,timestamp,customer_id,price,category\n"
                + "e-1,Product Viewed,2026-11-20T14:03:11Z,c-1,1,\"two\nline category\"\n"   // lines 2-3
                + "\n"                                                                        // line 4, blank
                + "e-2,Product Viewed,yesterday,c-1,1,x\n"                                    // line 5
                + "e-3,,2026-11-20T14:03:11Z,c-1,1,x\n"                                       // line 6
                + "e-4,Product Viewed,2026-11-20T14:03:11Z,c-1,cheap,x\n"                     // line 7
                + "e-5,Product Viewed,1763647391000,c-1,1,x\n"                                // line 8
                + "e-6,Product Viewed,2026-11-20T14:03:11,c-1,1,x\n");                        // line 9
        assertEquals(List.of("e-1"), m.items().stream().map(ImportItem::id).toList());
        assertEquals("two\nline category", m.body(0).getJsonObject("properties").getString("category"));
        assertEquals(List.of("5", "6", "7", "8", "9"), m.rejects().stream().map(Rejection::line).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), m.rejectedRows());
        assertEquals(List.of("timestamp", "type", "price", "timestamp", "timestamp"),
                m.rejects().stream().map(Rejection::field).toList());
        assertEquals("e-2", m.rejects().get(0).id());
        assertTrue(m.rejects().get(0).message().contains("not an ISO-8601 date-time"), m.rejects().get(0).message());
        assertEquals("required value is missing", m.rejects().get(1).message());
        assertEquals("'cheap' is not a number", m.rejects().get(2).message());
        assertTrue(m.rejects().get(3).message().contains("milliseconds"), m.rejects().get(3).message());
    }

    @Test
    void ndjsonIsSniffedAndSentAsWrittenWithEpochTimestampsConverted() throws IOException {
        Mapped m = map(ImportKind.EVENTS, "events.txt", """
                {"event_id":"e-1","type":"Product Viewed","timestamp":1763647391,"customer_id":"c","properties":{"product_id":"p"},"extra":null}

                not json
                {"type":"Product Viewed","timestamp":"2026-11-20T14:03:11Z"}
                {"event_id":"e-3","type":"Product Viewed","timestamp":"2026-11-20 14:03:11Z","customer_id":"c"}
                """);
        assertEquals(List.of("e-1", "e-3"), m.items().stream().map(ImportItem::id).toList());
        assertEquals("2025-11-20T14:03:11Z", m.body(0).getString("timestamp"));
        assertTrue(m.body(0).containsKey("extra"), "sent as written, nulls included");
        assertEquals("2026-11-20T14:03:11Z", m.body(1).getString("timestamp"), "space form normalized to ISO");
        assertEquals(List.of("3", "4"), m.rejects().stream().map(Rejection::line).toList());
        assertTrue(m.rejects().get(0).message().startsWith("not a JSON object"), m.rejects().get(0).message());
        assertEquals("event_id", m.rejects().get(1).field());
    }

    @Test
    void ndjsonRatingsUseTheSameColumnsAsCsv() throws IOException {
        Mapped m = map(ImportKind.RATINGS, "ratings.jsonl", """
                {"userId": 7, "item": "p-1", "rating": 4.5, "timestamp": 1763647391}
                {"user": "8", "item": "p-1", "rating": "great"}
                """);
        assertEquals("rating:7:p-1:2025-11-20T14:03:11Z", m.body(0).getString("event_id"));
        assertEquals("rating", m.rejects().get(0).field());
        assertEquals("rating:8:p-1", m.rejects().get(0).id());
    }

    @Test
    void productsAndInventory() throws IOException {
        Mapped products = map(ImportKind.PRODUCTS, "products.csv", """
                title,product_id,price,hidden,cost
                Mug,p-1,9.5,yes,
                Cup,p-2,,maybe,
                """);
        assertEquals(new JsonObject().put("product_id", "p-1").put("title", "Mug")
                .put("price", new java.math.BigDecimal("9.5")).put("hidden", true), products.body(0));
        assertEquals("hidden", products.rejects().get(0).field());
        assertEquals("p-2", products.rejects().get(0).id());

        Mapped stock = map(ImportKind.INVENTORY, "stock.csv", """
                product_id,on_hand,timestamp
                p-1,12,1763647391
                p-2,1.5,1763647391
                """);
        assertEquals(new JsonObject().put("product_id", "p-1").put("on_hand", 12L).put("timestamp", "2025-11-20T14:03:11Z"),
                stock.body(0));
        assertEquals("'1.5' is not a whole number", stock.rejects().get(0).message());
    }

    @Test
    void csvHeaderReportsMissingRequiredColumnsAliasesCount() throws IOException {
        Path file = dir.resolve("r.csv");
        Files.writeString(file, "\uFEFFUserId,sku,rating\n1,2,3\n");
        try (RowSource source = RowSource.open(file, ImportKind.RATINGS.aliases())) {
            assertEquals(List.of("item"), source.missingColumns(ImportKind.RATINGS.requiredColumns()));
        }
    }

    @Test
    void timestampsKeepTheOffsetAndConvertEpochSeconds() {
        assertEquals("2026-11-20T15:03:11+01:00", Timestamps.parse("t", "2026-11-20T15:03:11+01:00").text());
        assertEquals(Instant.parse("2026-11-20T14:03:11Z"), Timestamps.parse("t", "2026-11-20T15:03:11+01:00").instant());
        assertEquals("1970-01-01T00:00:01.500Z", Timestamps.parse("t", "1.5").text());
        assertEquals("1969-12-31T23:59:59Z", Timestamps.parse("t", "-1").text());
    }

    @Test
    void seenIdsRemembersManyIdsExactly() {
        SeenIds seen = new SeenIds();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(seen.add("o-" + i));
        }
        for (int i = 0; i < 200_000; i += 997) {
            assertTrue(!seen.add("o-" + i), "o-" + i);
        }
        assertEquals(200_000, seen.size());
    }

    @Test
    void batchesCloseAtTheItemCountOrBeforeExceedingTheByteLimit() {
        BatchBuilder count = new BatchBuilder(2, 1 << 20);
        assertNull(count.add(item("a", 0, 2)));
        Batch first = count.add(item("b", 1, 3));
        assertEquals(2, first.size());
        assertEquals("[{\"id\":\"a\"},{\"id\":\"b\"}]", new String(first.body()));
        assertEquals(2, first.endRow());
        assertEquals(3, first.endLine());
        assertNull(count.add(item("c", 2, 4)));
        Batch rest = count.finish();
        assertEquals(1, rest.sequence());
        assertEquals(3, rest.endRow());
        assertNull(count.finish());

        BatchBuilder bytes = new BatchBuilder(100, 20);
        assertNull(bytes.add(item("a", 0, 2)));
        Batch bySize = bytes.add(item("b", 1, 3));
        assertEquals("[{\"id\":\"a\"}]", new String(bySize.body()));
        assertEquals("[{\"id\":\"b\"}]", new String(bytes.finish().body()));
    }

    @Test
    void theCheckpointOnlyMovesPastBatchesConfirmedWithAllBeforeThem() {
        ConfirmedPrefix prefix = new ConfirmedPrefix(0, 0);
        Batch b0 = new Batch(0, new byte[0], List.of(), 10, 11);
        Batch b1 = new Batch(1, new byte[0], List.of(), 20, 21);
        Batch b2 = new Batch(2, new byte[0], List.of(), 30, 31);
        assertTrue(!prefix.confirm(b1));
        assertEquals(0, prefix.rows());
        assertTrue(!prefix.confirm(b2));
        assertTrue(prefix.confirm(b0));
        assertEquals(30, prefix.rows());
        assertEquals(31, prefix.line());
    }

    private static ImportItem item(String id, long row, long line) {
        return new ImportItem(id, new JsonObject().put("id", id), row, new long[] {line}, null);
    }
}
