package dev.merchantry.platform.cli;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import dev.merchantry.platform.tools.evaluation.profiler.OrderHistory;
import dev.merchantry.platform.tools.evaluation.profiler.ProfilerEvaluation;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code merchantry evaluate profiler}: fits a profiler on the orders before the calibration end and compares its
 * predicted purchases with the holdout period's actual ones (docs/algorithms/profiling.md, "Offline evaluation").
 */
@Command(name = "profiler", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a customer-lifetime-value profiler on an orders file: fitted BG/NBD and Gamma-Gamma "
                + "parameters, log-likelihood, and repeat purchases predicted vs actual in a holdout period."},
        footer = {"", "Example:", "  merchantry evaluate profiler --strategy clv --orders orders.csv "
                + "--calibration-end 2025-07-01 --holdout-end 2026-01-01 --format json"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluated", "1:the strategy failed", "2:invalid command line, settings or file"})
final class EvaluateProfilerCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--strategy", required = true, paramLabel = "ID", description = "the profiler, e.g. clv")
    String strategy;

    @Option(names = "--orders", required = true, paramLabel = "FILE",
            description = "orders CSV: customer_id,order_id,timestamp,product_id,quantity,price (one row per line item)")
    Path orders;

    @Option(names = "--calibration-end", required = true, paramLabel = "DATE",
            description = "end of the calibration period (exclusive): a date (its UTC midnight) or an ISO-8601 instant")
    String calibrationEnd;

    @Option(names = "--holdout-end", paramLabel = "DATE",
            description = "end of the holdout period (exclusive); default: the day after the last order")
    String holdoutEnd;

    @Mixin
    EvaluationOptions options;

    @Override
    public Integer call() {
        Instant calibration = instant("--calibration-end", calibrationEnd);
        Instant holdout = holdoutEnd == null ? null : instant("--holdout-end", holdoutEnd);
        OrderHistory history = OrderHistory.read(orders);
        if (options.json()) {
            // The node's log goes to stdout; plugin-loading chatter must not precede the JSON document.
            quiet("dev.merchantry.platform.plugins");
        }
        JsonObject report;
        try (OfflineStrategy<Profiler> loaded = options.load(strategy, StrategyKind.PROFILER, Profiler.class)) {
            report = ProfilerEvaluation.run(loaded, history, calibration, holdout);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(report.encodePrettily());
        } else {
            out.print(table(report));
        }
        out.flush();
        return 0;
    }

    private static void quiet(String loggerName) {
        if (org.slf4j.LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static Instant instant(String option, String value) {
        try {
            return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new EvaluationException(option, "'" + value + "' is not a date (2026-01-01) or an ISO-8601 instant"
                        + " (2026-01-01T00:00:00Z)");
            }
        }
    }

    static String table(JsonObject r) {
        StringBuilder b = new StringBuilder();
        JsonObject cal = r.getJsonObject("calibration");
        b.append(String.format(Locale.ROOT, "strategy            %s%n", r.getString("strategy")));
        b.append(String.format(Locale.ROOT, "calibration         %s .. %s: %d customers, %d orders, %d repeat purchases%n",
                cal.getString("from"), cal.getString("to"), cal.getLong("customers"), cal.getLong("orders"),
                cal.getLong("repeat_purchases")));
        JsonObject p = r.getJsonObject("params");
        String purchaseModel = "bg-nbd".equals(r.getString("purchase_model")) ? " BG/NBD" : "MBG/NBD";
        b.append(String.format(Locale.ROOT, "%s (per %s)    r %s  alpha %s  a %s  b %s%n", purchaseModel,
                r.getString("time_unit", "week"), num(p.getValue("r")), num(p.getValue("alpha")), num(p.getValue("a")),
                num(p.getValue("b"))));
        b.append(String.format(Locale.ROOT, "Gamma-Gamma         p %s  q %s  gamma %s%n", num(p.getValue("p")),
                num(p.getValue("q")), num(p.getValue("gamma"))));
        b.append(String.format(Locale.ROOT, "log-likelihood      %s (%s), %s (Gamma-Gamma)%n",
                num(r.getValue("log_likelihood")), purchaseModel.strip(), num(r.getValue("gamma_gamma_log_likelihood"))));
        JsonObject h = r.getJsonObject("holdout");
        if (h == null) {
            b.append("holdout             none (no orders after the calibration end)\n");
        } else {
            b.append(String.format(Locale.ROOT, "holdout             %s .. %s (%d days), %d customers%n", h.getString("from"),
                    h.getString("to"), h.getInteger("days"), h.getLong("customers")));
            b.append(String.format(Locale.ROOT, "  purchases         actual %s, predicted %s%n",
                    num(h.getValue("actual_purchases")), num(h.getValue("predicted_purchases"))));
            b.append(String.format(Locale.ROOT, "  per customer      MAE %s, correlation %s%n", num(h.getValue("mae_per_customer")),
                    num(h.getValue("correlation"))));
        }
        b.append(String.format(Locale.ROOT, "fit                 %.2f s%n", r.getDouble("fit_seconds")));
        return b.toString();
    }

    private static String num(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4g", n.doubleValue()) : "n/a";
    }
}
