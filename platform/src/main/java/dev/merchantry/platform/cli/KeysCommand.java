package dev.merchantry.platform.cli;

import dev.merchantry.platform.tools.evaluation.EvaluationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code merchantry keys}: a shop's API keys on a running node, over its REST API — create with scopes (the key is
 * printed once), list, revoke. The token must be the admin token, a console session token of a user of the shop, or
 * one of the shop's {@code manage} keys.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage a shop's API keys (scopes read, ingest, manage) on a running node.",
        subcommands = {KeysCommand.CreateCommand.class, KeysCommand.ListCommand.class, KeysCommand.RevokeCommand.class})
final class KeysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The node, the caller and the shop every subcommand needs. */
    static final class Target {
        @Option(names = "--url", defaultValue = "http://localhost:8080",
                description = "the running node (default ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--token", defaultValue = "${env:MERCHANTRY_ADMIN_TOKEN}",
                description = "admin token, or a manage key of the shop (default: env MERCHANTRY_ADMIN_TOKEN)")
        String token;

        @Option(names = "--shop", required = true, description = "the shop id")
        String shop;

        JsonObject call(String method, String suffix, JsonObject body) {
            if (token == null || token.isBlank()) {
                throw new EvaluationException("--token", "give the admin token or a manage key of the shop"
                        + " (--token or MERCHANTRY_ADMIN_TOKEN)");
            }
            return NodeApi.call(url, token, method, "/api/v1/shops/" + encode(shop) + "/keys" + suffix, body, "key");
        }
    }

    /** {@code merchantry keys create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API key; prints it once (only its hash is stored).")
    static final class CreateCommand implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--name", required = true, description = "what the key is for, e.g. storefront")
        String name;

        @Option(names = "--scopes", required = true, split = ",",
                description = "comma-separated: read (GET only), ingest (also events, products, inventory, imports),"
                        + " manage (everything the shop may do)")
        List<String> scopes = new ArrayList<>();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonObject key = target.call("POST", "", new JsonObject().put("name", name)
                    .put("scopes", new JsonArray(scopes.stream().map(String::trim).toList())));
            PrintWriter out = spec.commandLine().getOut();
            out.println("created " + describe(key));
            out.println("key: " + key.getString("key"));
            out.println("Store the key now: it is not shown again.");
            out.flush();
            return 0;
        }
    }

    /** {@code merchantry keys list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the shop's API keys (never the keys).")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        Target target;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JsonArray keys = target.call("GET", "", null).getJsonArray("keys", new JsonArray());
            keys.forEach(k -> out.println(describe((JsonObject) k)));
            if (keys.isEmpty()) {
                out.println("(no keys)");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code merchantry keys revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API key: every node refuses it within a second.")
    static final class RevokeCommand implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--id", required = true, description = "the key's id (key_…), as listed")
        String id;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            target.call("DELETE", "/" + encode(id), null);
            spec.commandLine().getOut().println("revoked " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code key_…  name  scopes: read, ingest  created …  last used …}. */
    static String describe(JsonObject k) {
        String lastUsed = k.getString("last_used_at");
        return k.getString("id") + "  " + k.getString("name") + "  scopes: "
                + String.join(", ", k.getJsonArray("scopes", new JsonArray()).stream().map(String::valueOf).toList())
                + "  created " + k.getString("created_at") + "  last used " + (lastUsed == null ? "never" : lastUsed);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
