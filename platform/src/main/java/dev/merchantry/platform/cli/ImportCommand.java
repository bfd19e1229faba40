package dev.merchantry.platform.cli;

import dev.merchantry.platform.tools.importclient.BulkImporter;
import dev.merchantry.platform.tools.importclient.ImportException;
import dev.merchantry.platform.tools.importclient.ImportKind;
import dev.merchantry.platform.tools.importclient.ImportResult;
import dev.merchantry.platform.tools.importclient.ImportSettings;
import dev.merchantry.platform.tools.importclient.ImportSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code merchantry import}: bulk-loads a CSV or NDJSON file of events, products, ratings, orders or inventory
 * into a shop over the REST API, in batches, resumable, with rejected rows written to a file (see docs/data.md).
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import a CSV or NDJSON file into a shop through the REST API.",
            "Rows the server refuses, and rows that cannot be read, go to the rejects file; an interrupted import "
                    + "resumes where the server stopped confirming (FILE.import-checkpoint)."},
        footer = {"", "Example:",
            "  merchantry import --url http://localhost:8080 --shop demo --api-key $KEY --events events.csv"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the file was imported (even with rejected rows)", "1:a fatal error stopped the import",
            "2:invalid command line"})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, paramLabel = "URL", description = "the node's address, e.g. http://localhost:8080")
    String url;

    @Option(names = "--shop", required = true, paramLabel = "ID", description = "the shop to import into")
    String shop;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MERCHANTRY_API_KEY}",
            description = "the shop's API key (default: env MERCHANTRY_API_KEY)")
    String apiKey;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "What to import (one of):%n")
    Source source;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ImportSettings.DEFAULT_BATCH_SIZE,
            description = "items per request (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ImportSettings.DEFAULT_CONCURRENCY,
            description = "requests in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--restart", description = "ignore the checkpoint of an earlier, interrupted run")
    boolean restart;

    @Option(names = "--rejects", paramLabel = "FILE", description = "where to write rejected rows (default: FILE.rejects.csv)")
    Path rejects;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The input file; which flag names it decides what it holds. */
    static final class Source {
        @Option(names = "--events", paramLabel = "FILE", required = true, description = "commerce events")
        Path events;
        @Option(names = "--products", paramLabel = "FILE", required = true, description = "catalog products (upserts)")
        Path products;
        @Option(names = "--ratings", paramLabel = "FILE", required = true, description = "ratings: user,item,rating[,timestamp]")
        Path ratings;
        @Option(names = "--orders", paramLabel = "FILE", required = true, description = "order lines, one row per line item")
        Path orders;
        @Option(names = "--inventory", paramLabel = "FILE", required = true, description = "stock snapshots")
        Path inventory;

        ImportKind kind() {
            return events != null ? ImportKind.EVENTS : products != null ? ImportKind.PRODUCTS
                    : ratings != null ? ImportKind.RATINGS : orders != null ? ImportKind.ORDERS : ImportKind.INVENTORY;
        }

        Path file() {
            return events != null ? events : products != null ? products
                    : ratings != null ? ratings : orders != null ? orders : inventory;
        }
    }

    @Override
    public Integer call() throws Exception {
        ImportSettings settings = new ImportSettings(source.kind(), source.file(), url, shop, apiKey, batchSize,
                concurrency, restart, rejects, ImportSettings.DEFAULT_ATTEMPTS, ImportSettings.DEFAULT_FIRST_RETRY_DELAY);
        PrintWriter out = spec.commandLine().getOut();
        ImportResult result = new BulkImporter(settings, spec.commandLine().getErr(), System.console() != null).run();
        out.print(ImportSummary.format(result));
        out.flush();
        if (!result.completed()) {
            throw new ImportException(result.failure());
        }
        return 0;
    }
}
