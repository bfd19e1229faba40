package dev.merchantry.platform.cli;

import dev.merchantry.platform.storage.H2Migration;
import dev.merchantry.platform.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code merchantry db …}: maintenance of the embedded database. */
@Command(name = "db", description = "Maintain the embedded database.",
        subcommands = {DbCommand.MigrateH2.class})
final class DbCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Copies a Merchantry 0.1 (H2) data directory into the SQLite store and verifies every table's row count. */
    @Command(name = "migrate-h2", description = {
            "Copy the H2 database of an earlier Merchantry (merchantry.mv.db) into the embedded SQLite store",
            "(merchantry.db) in the same directory, verify every table's row count, and move the H2 files to",
            "h2-backup/. Run it with the node stopped."})
    static final class MigrateH2 implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", required = true, description = "the node's data directory")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<H2Migration.TableCount> counts;
            try {
                counts = H2Migration.migrate(dataDir, Distribution.libDir().resolve("h2-migration"),
                        line -> out.println("  copied " + line));
            } catch (StorageException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            out.printf("%-22s %12s %12s%n", "table", "h2 rows", "sqlite rows");
            long total = 0;
            for (H2Migration.TableCount c : counts) {
                out.printf("%-22s %12d %12d%n", c.table(), c.h2Rows(), c.sqliteRows());
                total += c.sqliteRows();
            }
            out.println("migrated " + total + " rows of " + counts.size() + " tables into "
                    + dataDir.resolve("merchantry.db") + "; the H2 files are in " + dataDir.resolve("h2-backup"));
            return 0;
        }
    }
}
