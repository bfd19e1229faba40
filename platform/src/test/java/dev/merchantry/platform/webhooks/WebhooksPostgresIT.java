package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook outbox on PostgreSQL (its own V10 migration and the same SQL): retries until delivered, the log, a
 * redelivery, and a customer erasure, on a node whose database is the shared embedded PostgreSQL.
 */
class WebhooksPostgresIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void deliversRetriesRedeliversAndErasesOnPostgres() {
        try (EmbeddedNode node = EmbeddedNode.builder().postgres("webhooks").webhooks(new WebhookOptions()
                .setAllowPrivateTargets(true).setFirstRetryDelay(Duration.ofMillis(100))
                .setPollInterval(Duration.ofMillis(50))).start();
             WebhookReceiver receiver = WebhookReceiver.start().answer(500, 200)) {
            assertTrue(node.database().isPostgres(), node.database().description());
            String key = node.createShop("pg");
            ApiClient.Response created = node.api().post("/api/v1/shops/pg/webhooks", key, new JsonObject()
                    .put("url", receiver.url("/pg")).put("events", new JsonArray().add(Addresses.EVENTS_INGESTED)
                            .add(Addresses.PROFILE_CHANGED)).encode());
            assertEquals(201, created.status(), created.body());
            String id = created.json().getString("id");
            String secret = created.json().getString("secret");

            ApiClient.Response ingested = node.api().post("/api/v1/shops/pg/events", key, new JsonArray()
                    .add(new JsonObject().put("event_id", "e1").put("type", "Product Viewed")
                            .put("timestamp", Instant.now().minusSeconds(60).toString()).put("customer_id", "c1")
                            .put("properties", new JsonObject().put("product_id", "p1"))).encode());
            assertEquals(200, ingested.status(), ingested.body());

            List<WebhookReceiver.Received> got = Eventually.await(WAIT, "two attempts", receiver::received,
                    l -> l.size() >= 2);
            assertTrue(got.stream().allMatch(r -> r.signedWith(secret)));
            JsonObject delivery = Eventually.await(WAIT, "delivered in the log", () -> node.api()
                    .get("/api/v1/shops/pg/webhooks/" + id + "/deliveries", key).json().getJsonArray("deliveries")
                    .getJsonObject(0), d -> "delivered".equals(d.getString("state")));
            assertEquals(List.of(500, 200), delivery.getJsonArray("attempts").stream()
                    .map(a -> ((JsonObject) a).getInteger("status_code")).toList());

            ApiClient.Response again = node.api().post("/api/v1/shops/pg/webhooks/" + id + "/deliveries/"
                    + delivery.getString("id") + "/redeliver", key, null);
            assertEquals(202, again.status(), again.body());
            Eventually.await(WAIT, "the redelivery arrives", receiver::received, l -> l.size() >= 3);

            record(node, new Notices.Notice(Addresses.PROFILE_CHANGED, "pg", new JsonObject().put("shop", "pg")
                    .put("customer_id", "c1").put("old_group", null).put("new_group", "new").put("version", 1)
                    .put("updated_at", Instant.now().toString())));
            Eventually.await(WAIT, "the profile change is in the log", () -> node.api()
                    .get("/api/v1/shops/pg/webhooks/" + id + "/deliveries", key).json().getJsonArray("deliveries")
                    .size(), n -> n == 2);
            ApiClient.Response erased = node.api().delete("/api/v1/shops/pg/customers/c1", key);
            assertEquals(200, erased.status(), erased.body());
            assertEquals(1L, erased.json().getJsonObject("erased").getLong("webhook_deliveries"), erased.body());
            assertEquals(204, node.api().delete("/api/v1/shops/pg/webhooks/" + id, key).status());
        }
    }

    /** Stores a notice as a change's transaction does, so the outbox turns it into deliveries. */
    private static void record(EmbeddedNode node, Notices.Notice notice) {
        node.database().recordNotices(List.of(notice));
    }
}
