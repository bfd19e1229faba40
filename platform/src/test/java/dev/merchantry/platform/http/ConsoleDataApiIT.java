package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read and upload endpoints the console adds: file import, daily demand of a product, daily event counts. */
class ConsoleDataApiIT {

    private static final String ADMIN = "test-admin-token-console-data";

    private EmbeddedNode node;
    private ApiClient api;
    private String key;

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedNode.builder().adminToken(ADMIN).start();
        api = node.api();
        key = node.createShop("s", "S");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private ApiClient.Response upload(String kind, String file, String body) {
        return api.send("POST", "/api/v1/shops/s/imports?kind=" + kind + "&file=" + file, key, body, "text/csv");
    }

    @Test
    void uploadedCsvUsesTheImportColumnsAndReportsRejectedLines() {
        ApiClient.Response products = upload("products", "p.csv", "product_id,title,price,currency\n"
                + "p1,Mug,12.5,EUR\n"
                + "p2,Bad,abc,EUR\n"
                + "p3,Cup,3,EUR\n");
        assertEquals(200, products.status(), products.body());
        JsonObject r = products.json();
        assertEquals(3, r.getLong("rows"));
        assertEquals(2, r.getLong("accepted"));
        JsonObject rejected = r.getJsonArray("rejected").getJsonObject(0);
        assertEquals("3", rejected.getString("line"), "line 1 is the header, so p2 is on line 3");
        assertEquals("p2", rejected.getString("id"));
        assertEquals("price", rejected.getString("field"));
        assertEquals("Mug", api.get("/api/v1/shops/s/products/p1", key).json().getString("title"));

        // Orders: one row per line, folded into one Order Completed event per order, as with merchantry import.
        String day = LocalDate.now(ZoneOffset.UTC).minusDays(3).toString();
        ApiClient.Response orders = upload("orders", "o.csv", "customer_id,order_id,timestamp,product_id,quantity,price\n"
                + "c1,o1," + day + "T10:00:00Z,p1,2,12.5\n"
                + "c1,o1," + day + "T10:00:00Z,p3,1,3\n"
                + "c2,o2," + day + "T11:00:00Z,p1,1,12.5\n");
        assertEquals(200, orders.status(), orders.body());
        assertEquals(2, orders.json().getLong("accepted"));
        assertEquals(0, orders.json().getInteger("rejected_rows"));
        ApiClient.Response again = upload("orders", "o.csv", "customer_id,order_id,timestamp,product_id,quantity,price\n"
                + "c2,o2," + day + "T11:00:00Z,p1,1,12.5\n");
        assertEquals(1, again.json().getLong("duplicates"), "re-uploading is idempotent");

        JsonArray demand = api.get("/api/v1/shops/s/products/p1/demand?days=10", key).json().getJsonArray("points");
        JsonObject sold = demand.stream().map(o -> (JsonObject) o).filter(p -> p.getString("date").equals(day))
                .findFirst().orElseThrow();
        assertEquals(3.0, sold.getDouble("units"), "2 units in o1 and 1 in o2 on that day");
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(),
                demand.getJsonObject(demand.size() - 1).getString("date"), "history ends with yesterday, the last complete day");

        JsonObject daily = api.get("/api/v1/shops/s/events/daily?days=7", key).json();
        JsonObject counts = daily.getJsonArray("days").getJsonObject(0).getJsonObject("counts");
        assertEquals(day, daily.getJsonArray("days").getJsonObject(0).getString("date"));
        assertEquals(2L, counts.getLong("Order Completed"));
    }

    @Test
    void unusableFilesAndParametersAreClearErrors() {
        ApiClient.Response missing = upload("events", "e.csv", "event_id,timestamp\ne1,2026-01-01T00:00:00Z\n");
        assertEquals(400, missing.status());
        assertTrue(missing.json().getString("detail").contains("missing required column type"), missing.body());
        ApiClient.Response unknownKind = upload("sales", "x.csv", "a\n1\n");
        assertEquals(400, unknownKind.status());
        assertEquals("kind", unknownKind.json().getJsonArray("errors").getJsonObject(0).getString("key"));
        assertEquals(400, upload("products", "p.csv", "").status());
        assertEquals(404, api.get("/api/v1/shops/s/products/nope/demand", key).status());
        assertEquals(400, api.get("/api/v1/shops/s/events/daily?days=0", key).status());
    }

    @Test
    void stockOutDaysHaveNoUnits() {
        upload("products", "p.csv", "product_id\np1\n");
        String day = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
        ApiClient.Response inv = upload("inventory", "i.csv", "product_id,on_hand,timestamp\np1,0," + day + "T08:00:00Z\n");
        assertEquals(1, inv.json().getLong("accepted"), inv.body());
        upload("orders", "o.csv", "customer_id,order_id,timestamp,product_id,quantity,price\n"
                + "c1,o1," + LocalDate.now(ZoneOffset.UTC).minusDays(5) + "T10:00:00Z,p1,1,5\n");
        JsonObject out = api.get("/api/v1/shops/s/products/p1/demand?days=10", key).json().getJsonArray("points")
                .stream().map(o -> (JsonObject) o).filter(p -> p.getString("date").equals(day)).findFirst().orElseThrow();
        assertNull(out.getValue("units"), "a day out of stock is unknown demand, not zero");
    }
}
