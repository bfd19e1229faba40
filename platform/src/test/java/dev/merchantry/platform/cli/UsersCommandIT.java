package dev.merchantry.platform.cli;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry users}: offline against the node's database, and against a running node. */
class UsersCommandIT {

    private static final String ADMIN = "test-admin-token-users-cli";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A node on the test's directory: the offline commands work on the same {@code data/} between its runs. */
    private EmbeddedNode start() {
        return EmbeddedNode.builder().dir(tmp).adminToken(ADMIN).start();
    }

    @Test
    void offlineAddCreatesALoginTheNodeAccepts() throws Exception {
        try (EmbeddedNode node = start()) {
            node.createShop("acme", "Acme");
        }
        String dataDir = tmp.resolve("data").toString();
        Run added = run("users", "add", "--data-dir", dataDir, "--email", "Owner@Acme.example", "--password",
                "owner-password", "--shop", "acme");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().contains("created owner@acme.example  shops: acme"), added.out());

        Run bad = run("users", "add", "--data-dir", dataDir, "--email", "x@acme.example", "--password", "short",
                "--shop", "nope");
        assertEquals(2, bad.code(), "bad input is the user's to fix: exit 2");
        assertTrue(bad.err().contains("password: must be 8 to 200 characters long"), bad.err());
        assertTrue(bad.err().contains("shops: unknown shop 'nope'"), bad.err());
        assertTrue(run("users", "list", "--data-dir", dataDir).out().contains("owner@acme.example"));

        try (EmbeddedNode node = start()) {
            ApiClient api = node.api();
            ApiClient.Response login = api.post("/api/v1/sessions", null,
                    "{\"email\":\"owner@acme.example\",\"password\":\"owner-password\"}");
            assertEquals(201, login.status(), login.body());

            String url = node.url();
            Run remote = run("users", "add", "--url", url, "--token", ADMIN, "--email", "ops@acme.example",
                    "--password", "ops-password", "--admin");
            assertEquals(0, remote.code(), remote.err());
            assertTrue(remote.out().contains("ops@acme.example  admin"), remote.out());
            Run dup = run("users", "add", "--url", url, "--token", ADMIN, "--email", "ops@acme.example",
                    "--password", "ops-password", "--admin");
            assertEquals(2, dup.code());
            assertTrue(dup.err().contains("already exists"), dup.err());
            assertEquals(0, run("users", "delete", "--url", url, "--token", ADMIN, "--email", "ops@acme.example").code());
            assertTrue(run("users", "list", "--url", url, "--token", ADMIN).out().contains("owner@acme.example"));
        }
    }
}
