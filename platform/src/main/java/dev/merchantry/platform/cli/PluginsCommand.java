package dev.merchantry.platform.cli;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginInfo;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code merchantry plugins}: install, upgrade and remove plugins on a running node over its REST API
 * ({@code /api/v1/plugins}, admin token), and list them there or in a plugins directory offline.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Install, upgrade, remove and list the plugins of a node (or list a plugins directory).",
        subcommands = {PluginsCommand.ListCommand.class, PluginsCommand.InstallCommand.class,
            PluginsCommand.UpgradeCommand.class, PluginsCommand.RemoveCommand.class})
final class PluginsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code merchantry plugins list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List plugins with id, version, state, strategies and, when failed, the reason; then the"
                    + " archives a node quarantined (by file name), with the reason.")
    static final class ListCommand implements Callable<Integer> {

        @Option(names = "--plugins-dir", description = "directory to inspect (default: the distribution's plugins/)")
        Path pluginsDir;

        @Option(names = "--url", description = "ask a running node instead, e.g. http://localhost:8080")
        String url;

        @Option(names = "--token", defaultValue = "${env:MERCHANTRY_ADMIN_TOKEN}",
                description = "admin token for --url (default: env MERCHANTRY_ADMIN_TOKEN)")
        String token;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<String[]> rows = new ArrayList<>();
            if (url != null) {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("--url needs --token or MERCHANTRY_ADMIN_TOKEN");
                }
                JsonObject listing = NodeApi.call(url, token, "GET", "/api/v1/plugins", null, "plugin");
                JsonArray plugins = listing.getJsonArray("plugins");
                for (Object o : plugins) {
                    JsonObject p = (JsonObject) o;
                    rows.add(new String[] {p.getString("id"), String.valueOf(p.getString("version")), p.getString("state"),
                        String.join(",", p.getJsonArray("strategies").stream().map(String::valueOf).toList()),
                        p.getString("reason") == null ? "" : p.getString("reason")});
                }
                JsonArray quarantined = listing.getJsonArray("quarantined", new JsonArray());
                for (Object o : quarantined) {
                    JsonObject q = (JsonObject) o;
                    rows.add(new String[] {q.getString("file"), "", "quarantined", "", q.getString("reason")});
                }
            } else {
                Path dir = pluginsDir != null ? pluginsDir : Distribution.defaultPluginsDir();
                try (PluginHost host = new PluginHost(dir, MerchantryNode.VERSION)) {
                    host.loadAll();
                    for (PluginInfo p : host.plugins()) {
                        rows.add(new String[] {p.id(), String.valueOf(p.version()), p.state().name().toLowerCase(Locale.ROOT),
                            String.join(",", p.strategyIds()), p.reason() == null ? "" : p.reason()});
                    }
                    host.quarantined().forEach(q -> rows.add(new String[] {q.file(), "", "quarantined", "", q.reason()}));
                }
            }
            print(out, rows);
            return 0;
        }

        private static void print(PrintWriter out, List<String[]> rows) {
            String[] header = {"ID", "VERSION", "STATE", "STRATEGIES", "REASON"};
            int[] width = new int[header.length];
            for (int i = 0; i < header.length; i++) {
                width[i] = header[i].length();
                for (String[] r : rows) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            StringBuilder fmt = new StringBuilder();
            for (int i = 0; i < header.length - 1; i++) {
                fmt.append("%-").append(width[i]).append("s  ");
            }
            fmt.append("%s%n");
            out.printf(fmt.toString(), (Object[]) header);
            rows.forEach(r -> out.printf(fmt.toString(), (Object[]) r));
            if (rows.isEmpty()) {
                out.println("(no plugins)");
            }
            out.flush();
        }
    }

    /** Where the node is and the admin token; shared by the commands that change a node's plugins. */
    static final class NodeOptions {
        @Option(names = "--url", required = true, description = "the node, e.g. http://localhost:8080")
        String url;

        @Option(names = "--token", defaultValue = "${env:MERCHANTRY_ADMIN_TOKEN}",
                description = "admin token (default: env MERCHANTRY_ADMIN_TOKEN)")
        String token;

        String token() {
            if (token == null || token.isBlank()) {
                throw new EvaluationException("--token", "an admin token is needed: pass --token or set"
                        + " MERCHANTRY_ADMIN_TOKEN (a node prints it at its first start)");
            }
            return token;
        }
    }

    /** Reads a plugin archive, refusing with a message naming FILE what cannot be a plugin. */
    static byte[] archive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new EvaluationException("FILE", file + " does not exist or is not a file");
        }
        if (!name.endsWith(".zip") && !name.endsWith(".jar")) {
            throw new EvaluationException("FILE", file + " is not a plugin archive: give the .zip (or .jar) that"
                    + " `mvn package` wrote into target/");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EvaluationException("FILE", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The plugin id an archive declares: plugin.properties of a zip, else the Plugin-Id of a jar's manifest. */
    static String pluginId(Path file, byte[] archive) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("plugin.properties")) {
                    Properties p = new Properties();
                    p.load(zip);
                    String id = p.getProperty("plugin.id");
                    if (id != null && !id.isBlank()) {
                        return id.trim();
                    }
                } else if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    String id = new Manifest(zip).getMainAttributes().getValue("Plugin-Id");
                    if (id != null && !id.isBlank()) {
                        return id.trim();
                    }
                }
            }
        } catch (IOException e) {
            throw new EvaluationException("FILE", file + " is not a readable zip or jar: " + e.getMessage());
        }
        throw new EvaluationException("FILE", file + " declares no plugin id (no plugin.properties with plugin.id,"
                + " no Plugin-Id in its manifest); pass --id or build it with merchantry-plugin-parent");
    }

    private static void printPlugin(PrintWriter out, String verb, JsonObject p) {
        out.println(verb + " " + p.getString("id") + " " + p.getString("version") + " (" + p.getString("state") + ")"
                + " strategies: " + String.join(", ", p.getJsonArray("strategies", new JsonArray()).stream()
                        .map(String::valueOf).toList()));
    }

    /** {@code merchantry plugins install}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Upload a plugin archive to a node, which validates, installs and starts it.",
            footer = {"", "Example:", "  merchantry plugins install --url http://localhost:8080 target/acme-recs-0.1.0-plugin.zip"},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:installed and started", "1:the node failed or is unreachable",
                "2:refused (bad archive, id or strategy id taken) or invalid command line"})
    static final class InstallCommand implements Callable<Integer> {
        @Mixin
        NodeOptions node;

        @Parameters(paramLabel = "FILE", description = "the plugin's .zip (or .jar)")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            byte[] bytes = archive(file);
            JsonObject p = NodeApi.send(node.url, node.token(), "POST", "/api/v1/plugins?file="
                    + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8),
                    "application/java-archive", bytes, "plugin");
            printPlugin(spec.commandLine().getOut(), "installed", p);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code merchantry plugins upgrade}. */
    @Command(name = "upgrade", mixinStandardHelpOptions = true,
            description = {"Replace an installed plugin with a higher version of it. Shops stay bound; their models"
                    + " are kept when the new version reads them, else retrained (the jobs are listed)."},
            footer = {"", "Example:", "  merchantry plugins upgrade --url http://localhost:8080 target/acme-recs-0.2.0-plugin.zip"},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:upgraded", "1:the node failed or is unreachable",
                "2:refused (not installed, version not newer, bad archive) or invalid command line"})
    static final class UpgradeCommand implements Callable<Integer> {
        @Mixin
        NodeOptions node;

        @Option(names = "--id", description = "the plugin to upgrade (default: the id the archive declares)")
        String id;

        @Parameters(paramLabel = "FILE", description = "the new version's .zip (or .jar)")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            byte[] bytes = archive(file);
            String plugin = id != null ? id : pluginId(file, bytes);
            JsonObject p = NodeApi.send(node.url, node.token(), "PUT", "/api/v1/plugins/"
                    + URLEncoder.encode(plugin, StandardCharsets.UTF_8) + "?file="
                    + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8),
                    "application/java-archive", bytes, "plugin");
            PrintWriter out = spec.commandLine().getOut();
            printPlugin(out, "upgraded " + p.getString("previous_version") + " ->", p);
            out.println("models kept: " + p.getValue("kept_models"));
            for (Object o : p.getJsonArray("retrain_jobs", new JsonArray())) {
                JsonObject j = (JsonObject) o;
                out.println("retraining " + j.getString("shop") + " " + j.getString("kind") + " "
                        + j.getString("strategy") + " (job " + j.getValue("job_id") + "): " + j.getString("reason"));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code merchantry plugins remove}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Stop, unload and delete a plugin (or a quarantined archive, by file name). Refused while"
                    + " shops are bound to its strategies, unless --force."},
            footer = {"", "Example:", "  merchantry plugins remove --url http://localhost:8080 acme-recs"},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:removed", "1:the node failed or is unreachable",
                "2:refused (unknown plugin, shops bound) or invalid command line"})
    static final class RemoveCommand implements Callable<Integer> {
        @Mixin
        NodeOptions node;

        @Option(names = "--force", description = "remove even though shops are bound to its strategies (they fall back)")
        boolean force;

        @Parameters(paramLabel = "ID", description = "the plugin id (as in `plugins list`)")
        String id;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                NodeApi.send(node.url, node.token(), "DELETE", "/api/v1/plugins/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8) + (force ? "?force=true" : ""), null, null,
                        "plugin");
            } catch (EvaluationException e) {
                // The node words its refusal for REST clients; say the flag instead.
                throw new EvaluationException("plugin", e.getMessage().replaceFirst("^plugin: ", "")
                        .replace("delete with ?force=true", "remove with --force"));
            }
            spec.commandLine().getOut().println("removed " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
