package dev.merchantry.platform.cli;

import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code merchantry strategies}: what the installed plugins offer. */
@Command(name = "strategies", mixinStandardHelpOptions = true, description = "Describe the strategies of a plugins directory.",
        subcommands = StrategiesCommand.DocsCommand.class)
final class StrategiesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code merchantry strategies docs}. */
    @Command(name = "docs", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print every strategy's configuration reference, generated from its ConfigSpec; or, with"
                    + " --update, rewrite the tables between <!-- config:ID --> and <!-- /config:ID --> in the"
                    + " Markdown files of a directory (docs/algorithms is kept that way)."},
            footer = {"", "Examples:", "  merchantry strategies docs --format markdown > strategies.md",
                "  merchantry strategies docs --update docs/algorithms"},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:printed or updated", "1:reading or writing failed", "2:invalid option or unknown marked id"})
    static final class DocsCommand implements Callable<Integer> {

        enum Format { markdown }

        @Option(names = "--format", defaultValue = "markdown", description = "markdown (default)")
        Format format;

        @Option(names = "--plugins-dir", paramLabel = "DIR",
                description = "where to load strategies from (default: the distribution's plugins/)")
        Path pluginsDir;

        @Option(names = "--update", paramLabel = "DIR", description = "rewrite the marked tables of DIR/*.md instead of printing")
        Path update;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path dir = pluginsDir != null ? pluginsDir : Distribution.defaultPluginsDir();
            PrintWriter out = spec.commandLine().getOut();
            try (PluginHost host = new PluginHost(dir, MerchantryNode.VERSION)) {
                host.loadAll();
                Map<String, StrategyDescriptor> strategies = descriptors(host);
                if (update == null) {
                    out.print(ConfigDocs.document(List.copyOf(strategies.values())));
                    out.flush();
                    return 0;
                }
                if (!Files.isDirectory(update)) {
                    throw new EvaluationException("--update", update + " is not a directory");
                }
                try (Stream<Path> files = Files.list(update)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                        String before = Files.readString(f, StandardCharsets.UTF_8);
                        String after;
                        try {
                            after = ConfigDocs.update(before, strategies);
                        } catch (IllegalArgumentException e) {
                            throw new EvaluationException(f.toString(), e.getMessage());
                        }
                        if (!after.equals(before)) {
                            Files.writeString(f, after, StandardCharsets.UTF_8);
                            out.println("updated " + f);
                        }
                    }
                }
                out.flush();
                return 0;
            }
        }

        /** The loaded strategies by id, sorted by kind then id. */
        static Map<String, StrategyDescriptor> descriptors(PluginHost host) {
            Map<String, StrategyDescriptor> out = new LinkedHashMap<>();
            host.strategies().stream().map(LoadedStrategy::descriptor)
                    .sorted(Comparator.comparing((StrategyDescriptor d) -> d.kind().ordinal())
                            .thenComparing(StrategyDescriptor::id))
                    .forEach(d -> out.put(d.id(), d));
            return out;
        }
    }
}
