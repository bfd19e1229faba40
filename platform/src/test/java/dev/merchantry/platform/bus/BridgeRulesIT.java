package dev.merchantry.platform.bus;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge's rules, frame by frame over a raw socket (the wire protocol, no client library): every refusal is an
 * {@code err} frame with the REST status and a message naming the rule, and nothing refused reaches the bus.
 */
class BridgeRulesIT {

    private static EmbeddedNode node;
    private static String manageKey;
    private static String readKey;

    @BeforeAll
    static void start() {
        node = EmbeddedNode.builder().plugins("baselines").bridge().start();
        manageKey = node.createShop("acme");
        String rivalKey = node.createShop("rival");
        // A bound recommender (untrained: it answers with an empty list and says why) for both shops.
        assertEquals(200, node.api().put("/api/v1/shops/acme/strategies/recommender", manageKey,
                "{\"strategy\":\"popular\"}").status());
        assertEquals(200, node.api().put("/api/v1/shops/rival/strategies/recommender", rivalKey,
                "{\"strategy\":\"popular\"}").status());
        ApiClient.Response r = node.api().post("/api/v1/shops/acme/keys", manageKey,
                "{\"name\":\"storefront\",\"scopes\":[\"read\"]}");
        assertEquals(201, r.status(), r.body());
        readKey = r.json().getString("key");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A bridge connection speaking the raw protocol: 4-byte big-endian length, UTF-8 JSON. */
    private static final class Wire implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Wire() throws IOException {
            socket = new Socket("127.0.0.1", node.node().bridgePort());
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void send(JsonObject frame) throws IOException {
            byte[] data = frame.encode().getBytes(StandardCharsets.UTF_8);
            out.writeInt(data.length);
            out.write(data);
            out.flush();
        }

        JsonObject read() throws IOException {
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            return new JsonObject(new String(data, StandardCharsets.UTF_8));
        }

        JsonObject request(String key, String address, JsonObject body) throws IOException {
            JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("replyAddress", "r1")
                    .put("body", body);
            if (key != null) {
                frame.put("headers", new JsonObject().put("authorization", "Bearer " + key));
            }
            send(frame);
            return read();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static JsonObject recommendFor(String shop) {
        return new JsonObject().put("shop", shop).put("product_id", "p1");
    }

    @Test
    void aRequestOfTheKeysShopIsAnsweredOnItsReplyAddress() throws IOException {
        try (Wire wire = new Wire()) {
            JsonObject reply = wire.request(manageKey, "merchantry.recommend", recommendFor("acme"));
            assertEquals("message", reply.getString("type"), reply.encode());
            assertEquals("r1", reply.getString("address"));
            assertTrue(reply.getJsonObject("body").containsKey("items"), reply.encode());
        }
    }

    @Test
    void everyFrameNeedsTheKey() throws IOException {
        try (Wire wire = new Wire()) {
            JsonObject err = wire.request(null, "merchantry.recommend", recommendFor("acme"));
            assertEquals("err", err.getString("type"));
            assertEquals(401, err.getInteger("failureCode"));
            assertTrue(err.getString("message").contains("headers.authorization"), err.encode());
            JsonObject wrong = wire.request("mk_not-a-key", "merchantry.recommend", recommendFor("acme"));
            assertEquals(401, wrong.getInteger("failureCode"), wrong.encode());
        }
    }

    @Test
    void anotherShopsRequestIsRefusedNamingTheRule() throws IOException {
        try (Wire wire = new Wire()) {
            JsonObject err = wire.request(manageKey, "merchantry.recommend", recommendFor("rival"));
            assertEquals("err", err.getString("type"));
            assertEquals("r1", err.getString("address"), "addressed to the request, so the caller's wait ends");
            assertEquals(403, err.getInteger("failureCode"));
            assertTrue(err.getString("message").contains("body.shop must be 'acme'"), err.encode());
        }
    }

    @Test
    void anAdminTokenMayNameAnyShop() throws IOException {
        try (Wire wire = new Wire()) {
            JsonObject reply = wire.request(node.adminToken(), "merchantry.recommend", recommendFor("rival"));
            assertEquals("message", reply.getString("type"), reply.encode());
        }
    }

    @Test
    void scopesApplyAsOnRest() throws IOException {
        try (Wire wire = new Wire()) {
            assertEquals("message", wire.request(readKey, "merchantry.recommend", recommendFor("acme"))
                    .getString("type"));
            JsonObject err = wire.request(readKey, "merchantry.ingest",
                    new JsonObject().put("shop", "acme").put("events", new io.vertx.core.json.JsonArray()));
            assertEquals(403, err.getInteger("failureCode"), err.encode());
            assertTrue(err.getString("message").contains("ingest scope"), err.encode());
        }
    }

    @Test
    void internalAddressesAndPublishingAreClosed() throws IOException {
        try (Wire wire = new Wire()) {
            JsonObject train = wire.request(node.adminToken(), "merchantry.train", new JsonObject().put("shop", "acme"));
            assertEquals(403, train.getInteger("failureCode"), train.encode());
            assertTrue(train.getString("message").contains("not open to bridge clients"), train.encode());
            wire.send(new JsonObject().put("type", "publish").put("address", "merchantry.price.changed")
                    .put("headers", new JsonObject().put("authorization", "Bearer " + manageKey))
                    .put("body", new JsonObject().put("shop", "acme")));
            JsonObject publish = wire.read();
            assertEquals(403, publish.getInteger("failureCode"), publish.encode());
            wire.send(new JsonObject().put("type", "register").put("address", "merchantry.binding.changed")
                    .put("headers", new JsonObject().put("authorization", "Bearer " + manageKey)));
            JsonObject register = wire.read();
            assertEquals(403, register.getInteger("failureCode"), register.encode());
            assertTrue(register.getString("message").contains("merchantry.price.changed"), register.encode());
        }
    }

    @Test
    void malformedFramesAreRefusedAndPingNeedsNoKey() throws IOException {
        try (Wire wire = new Wire()) {
            byte[] junk = "not json".getBytes(StandardCharsets.UTF_8);
            wire.out.writeInt(junk.length);
            wire.out.write(junk);
            wire.out.flush();
            JsonObject err = wire.read();
            assertEquals(400, err.getInteger("failureCode"), err.encode());
            wire.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", wire.read().getString("type"));
        }
    }

    @Test
    void anOversizedFrameClosesTheConnection() throws IOException {
        try (Wire wire = new Wire()) {
            wire.out.writeInt(64 << 20); // announces 64 MiB; the limit is 1 MiB
            wire.out.flush();
            JsonObject err = wire.read();
            assertEquals(413, err.getInteger("failureCode"), err.encode());
            assertThrows(EOFException.class, wire::read, "the node closes the connection");
        }
    }

    @Test
    void aFloodOfFramesIsRateLimited() throws IOException {
        try (Wire wire = new Wire()) {
            JsonObject frame = new JsonObject().put("type", "unregister").put("address", "merchantry.price.changed")
                    .put("headers", new JsonObject().put("authorization", "Bearer " + manageKey));
            for (int i = 0; i < 400; i++) {
                wire.send(frame);
            }
            int limited = 0;
            try {
                for (int i = 0; i < 400; i++) {
                    JsonObject err = wire.read();
                    if (err.getInteger("failureCode") == 429) {
                        limited++;
                    }
                }
            } catch (SocketTimeoutException e) {
                // all answers read
            }
            assertTrue(limited > 0, "frames beyond 200 per second are refused with 429");
        }
    }
}
