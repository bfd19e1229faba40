package dev.merchantry.platform.cli;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry keys create|list|revoke} against a running node. */
class KeysCommandIT {

    private static final String ADMIN = "test-admin-token-keys-cli-0123";

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createListAndRevokeAKey() throws Exception {
        try (EmbeddedNode node = EmbeddedNode.builder().adminToken(ADMIN).start()) {
            ApiClient api = node.api();
            node.createShop("acme", "Acme");
            String url = node.url();

            Run created = run("keys", "create", "--url", url, "--token", ADMIN, "--shop", "acme", "--name", "storefront",
                    "--scopes", "read,ingest");
            assertEquals(0, created.code(), created.err());
            assertTrue(created.out().contains("storefront  scopes: read, ingest"), created.out());
            Matcher key = Pattern.compile("key: (mrs_\\S+)").matcher(created.out());
            assertTrue(key.find(), created.out());
            Matcher id = Pattern.compile("created (key_[0-9a-f]+)").matcher(created.out());
            assertTrue(id.find(), created.out());
            String event = "[{\"event_id\":\"e1\",\"type\":\"Product Viewed\",\"timestamp\":\""
                    + java.time.Instant.now().minusSeconds(60) + "\",\"customer_id\":\"c1\","
                    + "\"properties\":{\"product_id\":\"p1\"}}]";
            assertEquals(200, api.post("/api/v1/shops/acme/events", key.group(1), event).status(),
                    "the printed key ingests");

            Run listed = run("keys", "list", "--url", url, "--token", ADMIN, "--shop", "acme");
            assertEquals(0, listed.code(), listed.err());
            assertTrue(listed.out().contains("default key  scopes: manage"), listed.out());
            assertTrue(listed.out().contains(id.group(1) + "  storefront  scopes: read, ingest"), listed.out());
            assertFalse(listed.out().contains(key.group(1)), "list never prints keys");

            Run bad = run("keys", "create", "--url", url, "--token", ADMIN, "--shop", "acme", "--name", "x",
                    "--scopes", "read,admin");
            assertEquals(2, bad.code(), "bad input is the user's to fix");
            assertTrue(bad.err().contains("scopes: unknown scope 'admin'"), bad.err());

            Run revoked = run("keys", "revoke", "--url", url, "--token", ADMIN, "--shop", "acme", "--id", id.group(1));
            assertEquals(0, revoked.code(), revoked.err());
            assertTrue(revoked.out().contains("revoked " + id.group(1)));
            assertEquals(401, api.get("/api/v1/shops/acme/products", key.group(1)).status());
            Run again = run("keys", "revoke", "--url", url, "--token", ADMIN, "--shop", "acme", "--id", id.group(1));
            assertEquals(2, again.code());
            assertTrue(again.err().contains("has no API key '" + id.group(1) + "'"), again.err());
            assertFalse(run("keys", "list", "--url", url, "--token", ADMIN, "--shop", "acme").out().contains(id.group(1)));
        }
    }
}
