package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.cli.Main;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery to {@code https} receivers on loopback, with certificates made by the JDK's keytool for this run: a node
 * given {@code --webhook-ca-file} delivers to a receiver whose certificate the file holds, and refuses one whose
 * trusted certificate names another host and one whose certificate it does not trust (nothing reaches them; the
 * delivery log says why, and they stay pending for retries).
 */
class WebhookHttpsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "receiver-store-pass";

    @TempDir
    static Path dir;
    /** Self-signed for "localhost", in the node's CA file. */
    static Path localhost;
    /** Self-signed for another host name, also in the node's CA file. */
    static Path otherHost;
    /** Self-signed for "localhost", not in the node's CA file. */
    static Path stranger;
    static Path caFile;

    @BeforeAll
    static void certificates() throws Exception {
        localhost = keyStore("localhost", "dns:localhost");
        otherHost = keyStore("other", "dns:receiver.example.test");
        stranger = keyStore("stranger", "dns:localhost");
        caFile = dir.resolve("receivers-ca.pem");
        Files.writeString(caFile, pem(localhost, "localhost") + pem(otherHost, "other"), StandardCharsets.US_ASCII);
    }

    @Test
    void aReceiverWhoseCertificateTheCaFileHoldsGetsTheSignedDeliveryAndOthersAreRefused() {
        try (EmbeddedNode node = EmbeddedNode.builder().webhooks(new WebhookOptions().setAllowPrivateTargets(true)
                .setPollInterval(Duration.ofMillis(50)).setTrustedCertificates(caFile)).start();
             WebhookReceiver trusted = WebhookReceiver.startHttps(localhost, PASSWORD);
             WebhookReceiver wrongHost = WebhookReceiver.startHttps(otherHost, PASSWORD);
             WebhookReceiver untrusted = WebhookReceiver.startHttps(stranger, PASSWORD)) {
            String key = node.createShop("tls");
            JsonObject good = create(node, key, trusted.url("localhost", "/hooks"));
            JsonObject badName = create(node, key, wrongHost.url("localhost", "/hooks"));
            JsonObject badIssuer = create(node, key, untrusted.url("localhost", "/hooks"));

            ApiClient.Response put = node.api().put("/api/v1/shops/tls/products", key, new JsonArray()
                    .add(new JsonObject().put("product_id", "goggles").put("price", 79)).encode());
            assertEquals(200, put.status(), put.body());

            List<WebhookReceiver.Received> got = Eventually.await(WAIT, "the trusted receiver gets the delivery",
                    trusted::received, l -> !l.isEmpty());
            assertTrue(got.get(0).signedWith(good.getString("secret")), "signature of " + got.get(0).headers());
            assertEquals(Addresses.CATALOG_CHANGED, got.get(0).json().getString("type"));
            JsonObject delivered = Eventually.await(WAIT, "the log shows it delivered",
                    () -> delivery(node, key, good.getString("id")), d -> d != null && "delivered".equals(d.getString("state")));
            assertEquals(200, delivered.getJsonArray("attempts").getJsonObject(0).getInteger("status_code"));

            Map<JsonObject, String> why = Map.of(badName, "No subject alternative DNS name matching localhost",
                    badIssuer, "unable to find valid certification path");
            for (JsonObject refused : List.of(badName, badIssuer)) {
                JsonObject d = Eventually.await(WAIT, "a failed attempt is logged for " + refused.getString("url"),
                        () -> delivery(node, key, refused.getString("id")),
                        x -> x != null && !x.getJsonArray("attempts").isEmpty());
                JsonObject attempt = d.getJsonArray("attempts").getJsonObject(0);
                assertEquals("pending", d.getString("state"), d.encodePrettily());
                assertNull(attempt.getInteger("status_code"), attempt.encode());
                assertTrue(attempt.getString("error").startsWith("Failed to create SSL connection: ")
                        && attempt.getString("error").contains(why.get(refused)), attempt.encode());
                assertNotNull(d.getString("next_attempt_at"), "retried later: " + d.encode());
            }
            assertEquals(List.of(), wrongHost.received(), "no request over a connection to the wrong host");
            assertEquals(List.of(), untrusted.received(), "no request over an untrusted connection");
            assertEquals(1, trusted.received().size());
        }
    }

    @Test
    void serveRefusesACaFileItCannotUseNamingTheFlag() throws Exception {
        Path notPem = dir.resolve("not-a-certificate.pem");
        Files.writeString(notPem, "hello\n");
        for (Path bad : List.of(dir.resolve("missing.pem"), notPem)) {
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"serve", "--data-dir", dir.resolve("data").toString(),
                    "--webhook-ca-file", bad.toString()}, new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("--webhook-ca-file " + bad), err.toString());
        }
    }

    private static JsonObject create(EmbeddedNode node, String key, String url) {
        ApiClient.Response r = node.api().post("/api/v1/shops/tls/webhooks", key, new JsonObject().put("url", url)
                .put("events", new JsonArray().add(Addresses.CATALOG_CHANGED)).encode());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static JsonObject delivery(EmbeddedNode node, String key, String webhook) {
        JsonArray list = node.api().get("/api/v1/shops/tls/webhooks/" + webhook + "/deliveries", key).json()
                .getJsonArray("deliveries");
        return list.isEmpty() ? null : list.getJsonObject(0);
    }

    /** A PKCS#12 store with a new EC key and a self-signed certificate for {@code san}, valid two days. */
    private static Path keyStore(String alias, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + alias + " test receiver", "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return store;
    }

    private static String pem(Path store, String alias) throws Exception {
        Path file = dir.resolve(alias + ".pem");
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", file.toString());
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }
}
