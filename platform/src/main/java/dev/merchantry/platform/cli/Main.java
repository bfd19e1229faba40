package dev.merchantry.platform.cli;

import dev.merchantry.platform.tools.evaluation.EvaluationException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;

/** The {@code merchantry} command line: serve a node, manage plugins, evaluate strategies offline. */
@Command(name = "merchantry", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-hosted e-commerce intelligence: recommendations, forecasts, profiles and pricing.",
        subcommands = {ServeCommand.class, PluginsCommand.class, PluginCommand.class, StrategiesCommand.class, UsersCommand.class, KeysCommand.class, EvaluateCommand.class, ImportCommand.class,
                DemoDataCommand.class, DbCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        // Bad flags: one clear line plus a hint, never a stack trace.
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            // Bad input files or settings are the user's to fix, like bad flags.
            return ex instanceof EvaluationException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the platform version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"merchantry " + dev.merchantry.platform.MerchantryNode.VERSION};
        }
    }
}
