package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delivery the receiver keeps refusing is retried on the backoff schedule and marked failed once its next attempt
 * would fall after the 24-hour window; the node's time is moved with a {@link MutableClock}, never waited for.
 */
class WebhookGiveUpIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aDeliveryStillFailingAfter24HoursIsMarkedFailed() {
        MutableClock clock = MutableClock.startingNow();
        try (EmbeddedNode node = EmbeddedNode.builder().clock(clock).webhooks(new WebhookOptions()
                .setAllowPrivateTargets(true).setPollInterval(Duration.ofMillis(50))).start();
             WebhookReceiver receiver = WebhookReceiver.start().answer(java.util.Collections.nCopies(100, 503)
                     .toArray(Integer[]::new))) {
            String key = node.createShop("give-up");
            ApiClient.Response created = node.api().post("/api/v1/shops/give-up/webhooks", key, new JsonObject()
                    .put("url", receiver.url("/down")).put("events", new JsonArray().add(Addresses.CATALOG_CHANGED))
                    .encode());
            assertEquals(201, created.status(), created.body());
            String id = created.json().getString("id");
            ApiClient.Response put = node.api().put("/api/v1/shops/give-up/products", key, new JsonArray()
                    .add(new JsonObject().put("product_id", "p1").put("price", 3)).encode());
            assertEquals(200, put.status(), put.body());

            JsonObject first = Eventually.await(WAIT, "the first attempt failed", () -> delivery(node, key, id),
                    d -> d != null && d.getJsonArray("attempts").size() == 1);
            assertEquals("pending", first.getString("state"));
            Instant next = Instant.parse(first.getString("next_attempt_at"));
            Instant started = Instant.parse(first.getJsonArray("attempts").getJsonObject(0).getString("started_at"));
            // The first retry waits 30 s scaled by the jitter factor in [0.5, 1].
            Duration wait = Duration.between(started, next);
            assertTrue(wait.compareTo(Duration.ofSeconds(15)) >= 0 && wait.compareTo(Duration.ofSeconds(31)) <= 0,
                    "first wait " + wait);
            assertEquals(1, receiver.received().size(), "nothing is retried before its time");

            clock.advance(Duration.ofSeconds(31));
            Eventually.await(WAIT, "the second attempt is made once due", () -> delivery(node, key, id),
                    d -> d.getJsonArray("attempts").size() == 2);

            // A day later the next attempt is due and, failing, would be retried after the window: given up.
            clock.advance(Duration.ofHours(24));
            JsonObject failed = Eventually.await(WAIT, "the delivery is marked failed", () -> delivery(node, key, id),
                    d -> "failed".equals(d.getString("state")));
            assertEquals(3, failed.getJsonArray("attempts").size());
            assertNull(failed.getString("next_attempt_at"));
            assertNotNull(failed.getString("finished_at"));
            assertEquals(503, failed.getJsonArray("attempts").getJsonObject(2).getInteger("status_code"));

            // A redelivery gives it a fresh window: due at once, pending again.
            ApiClient.Response again = node.api().post("/api/v1/shops/give-up/webhooks/" + id + "/deliveries/"
                    + failed.getString("id") + "/redeliver", key, null);
            assertEquals(202, again.status(), again.body());
            Eventually.await(WAIT, "the redelivery is attempted", () -> delivery(node, key, id),
                    d -> d.getJsonArray("attempts").size() == 4 && "pending".equals(d.getString("state")));
        }
    }

    private static JsonObject delivery(EmbeddedNode node, String key, String webhook) {
        JsonArray list = node.api().get("/api/v1/shops/give-up/webhooks/" + webhook + "/deliveries", key).json()
                .getJsonArray("deliveries");
        return list.isEmpty() ? null : list.getJsonObject(0);
    }
}
