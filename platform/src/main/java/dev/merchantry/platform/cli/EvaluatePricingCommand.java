package dev.merchantry.platform.cli;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import dev.merchantry.platform.tools.evaluation.pricing.DemandModel;
import dev.merchantry.platform.tools.evaluation.pricing.PricingSimulation;
import dev.merchantry.platform.tools.evaluation.pricing.RegretPlot;
import dev.merchantry.platform.tools.evaluation.pricing.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code merchantry evaluate pricing}: plays a pricing agent against a simulated product with known demand
 * (docs/algorithms/pricing.md) and compares it with the oracle.
 */
@Command(name = "pricing", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a pricing agent against a product with known, Poisson-noised demand and compare it "
                + "with the oracle (the best fixed candidate price with the demand known).",
            "Demand families and their --param keys (defaults: list price 20, cost 10, about 30 units per period "
                + "at list price):",
            "  linear               d = intercept - slope * p         list_price cost intercept(75) slope(2.25) inventory",
            "  logit                d = market_size * logistic(alpha - beta * p)   list_price cost market_size(100) "
                + "alpha(1.296) beta(0.107) inventory",
            "  constant-elasticity  d = scale * (p / list_price)^-elasticity      list_price cost scale(30) "
                + "elasticity(2) inventory",
            "  ferreira             Ferreira et al. (2018): prices 29.90/34.90/39.90/44.90, purchase probabilities "
                + "0.8/0.6/0.3/0.1, Binomial(customers) per period; list_price(37.40) cost(0) customers(1) inventory",
            "inventory: units for the whole horizon (-1, the default: unlimited)."},
        footer = {"", "Example:", "  merchantry evaluate pricing --strategy thompson-pricing --demand logit --periods 2000 "
                + "--runs 20 --csv regret.csv --plot regret.png"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the simulation ran", "1:writing an output file failed", "2:invalid command line or setting"})
final class EvaluatePricingCommand implements Callable<Integer> {

    @Option(names = "--strategy", defaultValue = "thompson-pricing", paramLabel = "ID",
            description = "pricing strategy id (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--demand", required = true, paramLabel = "FAMILY",
            description = "linear, logit, constant-elasticity or ferreira")
    String demand;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a demand parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--periods", defaultValue = "2000", paramLabel = "N",
            description = "periods per run, 8-1,000,000 (default: ${DEFAULT-VALUE})")
    int periods;

    @Option(names = "--runs", defaultValue = "20", paramLabel = "R", description = "runs (seeds), 1-10,000 (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "first seed; run r uses seed + r (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--history", defaultValue = "0", paramLabel = "N",
            description = "periods of past sales at list price the agent starts from (its warm start), 0-100,000 "
                    + "(default: ${DEFAULT-VALUE})")
    int history;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the regret curve (one row per period) as CSV")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "draw the regret curve as a PNG")
    Path plot;

    @Mixin
    EvaluationOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (periods < 8 || periods > 1_000_000) {
            throw new EvaluationException("--periods", "must be between 8 and 1,000,000, got " + periods);
        }
        if (runs < 1 || runs > 10_000) {
            throw new EvaluationException("--runs", "must be between 1 and 10,000, got " + runs);
        }
        if ((long) periods * runs > 50_000_000L) {
            throw new EvaluationException("--runs", "periods × runs must be at most 50,000,000, got "
                    + (long) periods * runs);
        }
        if (history < 0 || history > 100_000) {
            throw new EvaluationException("--history", "must be between 0 and 100,000, got " + history);
        }
        checkWritable("--csv", csv);
        checkWritable("--plot", plot);
        if (options.json()) {
            // Keep stdout pure JSON: the plugin host logs its INFO lines to stdout (logback.xml).
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.merchantry.platform.plugins"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        DemandModel model = DemandModel.of(demand, params);
        // The Ferreira case prices exactly its four prices unless the user says otherwise.
        model.impliedSettings().forEach(options.settings::putIfAbsent);
        SimulationReport report;
        try (OfflineStrategy<PricingAgent> loaded = options.load(strategy, StrategyKind.PRICING, PricingAgent.class)) {
            Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            report = loaded.call(() -> PricingSimulation.run(strategy, loaded.strategy(), loaded.config(), model,
                    new PricingSimulation.Options(periods, runs, seed, history), loaded.context(clock)));
        }
        if (csv != null) {
            report.writeCsv(csv);
        }
        if (plot != null) {
            RegretPlot.write(report, plot);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(report.toJson().put("csv", csv == null ? null : csv.toString())
                    .put("plot", plot == null ? null : plot.toString()).encodePrettily());
            out.flush();
        } else {
            report.printTable(out);
            if (csv != null) {
                out.println("  regret curve: " + csv);
            }
            if (plot != null) {
                out.println("  plot: " + plot);
            }
            out.flush();
        }
        return 0;
    }

    private static void checkWritable(String flag, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new EvaluationException(flag, file + " is a directory");
        }
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new EvaluationException(flag, "cannot write " + file + ": its directory does not exist or is not writable");
        }
    }

}
