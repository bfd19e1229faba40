package dev.merchantry.platform.cli;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code merchantry plugins}: inspect plugins offline (a plugins directory) or on a running node. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "Inspect installed plugins.",
        subcommands = PluginsCommand.ListCommand.class)
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
                HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1/plugins"))
                                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    JsonObject problem = new JsonObject(response.body());
                    throw new IllegalStateException(response.statusCode() + " " + problem.getString("detail"));
                }
                JsonArray plugins = new JsonObject(response.body()).getJsonArray("plugins");
                for (Object o : plugins) {
                    JsonObject p = (JsonObject) o;
                    rows.add(new String[] {p.getString("id"), String.valueOf(p.getString("version")), p.getString("state"),
                        String.join(",", p.getJsonArray("strategies").stream().map(String::valueOf).toList()),
                        p.getString("reason") == null ? "" : p.getString("reason")});
                }
                JsonArray quarantined = new JsonObject(response.body()).getJsonArray("quarantined", new JsonArray());
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
}
