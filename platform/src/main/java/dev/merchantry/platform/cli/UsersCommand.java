package dev.merchantry.platform.cli;

import dev.merchantry.platform.auth.Accounts;
import dev.merchantry.platform.auth.LoginThrottle;
import dev.merchantry.platform.auth.PasswordHasher;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.storage.StorageException;
import dev.merchantry.platform.storage.User;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code merchantry users}: console accounts, managed on a running node ({@code --url} with the admin token) or
 * offline, directly in the node's database (the serve command's database options; the node must be stopped when
 * it uses the embedded database, which allows one process at a time).
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage console users (email + password logins).",
        subcommands = {UsersCommand.AddCommand.class, UsersCommand.ListCommand.class, UsersCommand.DeleteCommand.class})
final class UsersCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the users live: a running node, or the database directly. */
    static final class Target {
        @Option(names = "--url", description = "a running node, e.g. http://localhost:8080 (needs --token)")
        String url;

        @Option(names = "--token", defaultValue = "${env:MERCHANTRY_ADMIN_TOKEN}",
                description = "admin token for --url (default: env MERCHANTRY_ADMIN_TOKEN)")
        String token;

        @Option(names = "--data-dir", defaultValue = "data",
                description = "without --url: the embedded database directory (default ./${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--db-url", description = "without --url: JDBC URL of the node's PostgreSQL database")
        String dbUrl;

        @Option(names = "--db-user", defaultValue = "${env:MERCHANTRY_DB_USER}", description = "database user (env MERCHANTRY_DB_USER)")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:MERCHANTRY_DB_PASSWORD}",
                description = "database password (prefer env MERCHANTRY_DB_PASSWORD)")
        String dbPassword;

        boolean remote() {
            if (url != null && (token == null || token.isBlank())) {
                throw new EvaluationException("--token", "--url needs --token or MERCHANTRY_ADMIN_TOKEN");
            }
            return url != null;
        }

        /** Runs {@code work} against the node's database, opened (and migrated) for the duration. */
        <T> T offline(java.util.function.Function<Accounts, T> work) {
            DatabaseOptions options = dbUrl != null ? DatabaseOptions.url(dbUrl, dbUser, dbPassword)
                    : DatabaseOptions.embedded(dataDir);
            Database db;
            try {
                db = Database.open(options);
            } catch (StorageException e) {
                String m = e.getMessage() == null ? "" : e.getMessage();
                String lower = m.toLowerCase(java.util.Locale.ROOT);
                if (dbUrl == null && (lower.contains("locked") || lower.contains("already in use"))) {
                    throw new IllegalStateException("the database in " + dataDir + " is in use by a running node;"
                            + " use --url and --token to manage users on it");
                }
                throw e;
            }
            try (db) {
                return work.apply(new Accounts(db.users(), db.shops(), new PasswordHasher(),
                        new LoginThrottle(db.loginAttempts()), Clock.systemUTC()));
            } catch (ServiceException e) {
                if (e.kind().code() >= 500) {
                    throw e;
                }
                List<String> problems = e.errors().stream().map(f -> f.key() + ": " + f.message()).toList();
                throw new EvaluationException("user", problems.isEmpty() ? e.getMessage() : String.join("; ", problems));
            }
        }

        JsonObject call(String method, String path, JsonObject body) {
            return NodeApi.call(url, token, method, path, body, "user");
        }
    }

    /** {@code merchantry users add}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create a console user; a merchant sees only the shops given with --shop.")
    static final class AddCommand implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--email", required = true, description = "login email")
        String email;

        @Option(names = "--password", required = true, description = "password, 8-200 characters")
        String password;

        @Option(names = "--shop", description = "a shop the user may open (repeat for several)")
        List<String> shops = new ArrayList<>();

        @Option(names = "--admin", description = "an admin: reaches every shop, plugins and users")
        boolean admin;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JsonObject user;
            if (target.remote()) {
                user = target.call("POST", "/api/v1/users", new JsonObject().put("email", email)
                        .put("password", password).put("shops", new JsonArray(shops)).put("admin", admin));
            } else {
                User created = target.offline(a -> a.create(email, password, shops, admin));
                user = new JsonObject().put("email", created.email()).put("admin", created.admin())
                        .put("shops", new JsonArray(created.shops()));
            }
            out.println("created " + describe(user));
            out.flush();
            return 0;
        }
    }

    /** {@code merchantry users list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List console users and their shops.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        Target target;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<JsonObject> users = new ArrayList<>();
            if (target.remote()) {
                target.call("GET", "/api/v1/users", null).getJsonArray("users").forEach(u -> users.add((JsonObject) u));
            } else {
                target.offline(a -> a.list()).forEach(u -> users.add(new JsonObject().put("email", u.email())
                        .put("admin", u.admin()).put("shops", new JsonArray(u.shops()))));
            }
            users.forEach(u -> out.println(describe(u)));
            if (users.isEmpty()) {
                out.println("(no users)");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code merchantry users delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a console user and end its sessions.")
    static final class DeleteCommand implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--email", required = true, description = "the user's email")
        String email;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (target.remote()) {
                target.call("DELETE", "/api/v1/users/" + URLEncoder.encode(email, StandardCharsets.UTF_8), null);
            } else {
                target.offline(a -> {
                    a.delete(email);
                    return null;
                });
            }
            spec.commandLine().getOut().println("deleted " + email);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static String describe(JsonObject u) {
        return u.getString("email") + (u.getBoolean("admin", false) ? "  admin (all shops)"
                : "  shops: " + String.join(", ", u.getJsonArray("shops", new JsonArray()).stream()
                        .map(String::valueOf).toList()));
    }
}
