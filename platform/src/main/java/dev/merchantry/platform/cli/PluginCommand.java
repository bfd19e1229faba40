package dev.merchantry.platform.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code merchantry plugin}: tools for plugin authors (operators manage installed plugins with {@code plugins}). */
@Command(name = "plugin", mixinStandardHelpOptions = true, description = "Tools for plugin authors.",
        subcommands = PluginCommand.NewCommand.class)
final class PluginCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code merchantry plugin new}. */
    @Command(name = "new", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write a new plugin project: a Maven project whose parent is merchantry-plugin-parent, with a"
                    + " strategy of the given kind (ConfigSpec and a working first algorithm), its model, the"
                    + " testkit's contract test, a test of the algorithm and a README. It builds offline once"
                    + " merchantry-plugin-parent, -api and -testkit are in the local Maven repository (`mvn install`"
                    + " in the Merchantry sources)."},
            footer = {"", "Example:",
                "  merchantry plugin new --kind recommender --id acme-recs --package com.acme.recs --dir acme-recs",
                "  cd acme-recs && mvn package     # tests pass; target/acme-recs-0.1.0-plugin.zip is the plugin"},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:written", "1:writing failed", "2:invalid option (nothing written)"})
    static final class NewCommand implements Callable<Integer> {

        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "recommender, forecaster, profiler or pricing")
        PluginScaffold.Kind kind;

        @Option(names = "--id", required = true, paramLabel = "ID",
                description = "plugin and strategy id, kebab-case, e.g. acme-recs (shops bind the strategy by it)")
        String id;

        @Option(names = "--package", required = true, paramLabel = "PACKAGE",
                description = "Java package (and Maven groupId) of the code, e.g. com.acme.recs")
        String javaPackage;

        @Option(names = "--dir", paramLabel = "DIR", description = "where to write the project (default: ./ID); must"
                + " not exist or be empty")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PluginScaffold scaffold;
            Path target = dir != null ? dir : Path.of(id == null ? "." : id);
            List<Path> written;
            try {
                scaffold = new PluginScaffold(kind, id, javaPackage);
                written = scaffold.writeTo(target);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Wrote the " + kind.name() + " plugin '" + id + "' to " + target + ":");
            written.forEach(p -> out.println("  " + target.relativize(p)));
            out.println();
            out.println("Next:");
            out.println("  cd " + target + " && mvn package      # runs the testkit contracts, writes target/" + id
                    + "-0.1.0-plugin.zip");
            out.println("  merchantry plugins install --url http://localhost:8080 target/" + id + "-0.1.0-plugin.zip");
            out.println("  then bind it: PUT /api/v1/shops/SHOP/strategies/" + kind.name() + " {\"strategy\":\"" + id
                    + "\"}   (see docs/plugins/guide.md)");
            out.flush();
            return 0;
        }
    }
}
