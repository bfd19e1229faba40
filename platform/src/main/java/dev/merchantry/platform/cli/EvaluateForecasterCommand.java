package dev.merchantry.platform.cli;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import dev.merchantry.platform.tools.evaluation.forecaster.ForecastBacktest;
import dev.merchantry.platform.tools.evaluation.forecaster.SeriesFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code merchantry evaluate forecaster}: holds out the end of a demand series, fits a forecaster on the rest and
 * reports the M4 accuracy measures and interval coverage ({@link ForecastBacktest}).
 */
@Command(name = "forecaster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a forecaster on a demand series: hold out the last H points (or H points at each of K "
                + "rolling origins), fit on the rest, score the forecasts.",
            "Measures (M4 definitions): MAE, RMSE, sMAPE (%), MASE scaled by the in-sample seasonal-naive MAE, and the "
                + "share of actuals inside the 80% and 95% intervals."},
        footer = {"", "The series file is CSV with a header and the columns date,value (ISO dates); an empty value or NA "
                + "marks a stock-out or gap.", "", "Example:",
            "  merchantry evaluate forecaster --strategy auto --series sales.csv --horizon 12 --format json"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluated", "1:the strategy failed", "2:invalid options, settings or series file"})
final class EvaluateForecasterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--strategy", required = true, paramLabel = "ID", description = "forecaster strategy id, e.g. auto, ets, auto-arima")
    String strategy;

    @Option(names = "--series", required = true, paramLabel = "FILE", description = "CSV file with columns date,value")
    Path series;

    @Option(names = "--horizon", required = true, paramLabel = "H", description = "periods to hold out and forecast")
    int horizon;

    @Option(names = "--season", paramLabel = "M",
            description = "seasonal period in periods (default: the frequency's, e.g. 7 daily, 52.18 weekly, 12 monthly)")
    Double season;

    @Option(names = "--origins", paramLabel = "K", defaultValue = "1", description = "rolling origins to average over (default: ${DEFAULT-VALUE})")
    int origins;

    @Option(names = "--frequency", paramLabel = "FREQ",
            description = "daily, weekly, monthly, quarterly or yearly (default: inferred from the dates)")
    String frequency;

    @Mixin
    EvaluationOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<Frequency> freq = Optional.empty();
        if (frequency != null) {
            freq = Optional.of(Frequency.fromWireName(frequency).orElseThrow(() -> new EvaluationException("--frequency",
                    "'" + frequency + "' is not one of daily, weekly, monthly, quarterly, yearly")));
        }
        if (season != null && !(season >= 1)) {
            throw new EvaluationException("--season", "must be at least 1 (1 = no season), got " + season);
        }
        if (horizon < 1) {
            throw new EvaluationException("--horizon", "must be at least 1, got " + horizon);
        }
        if (origins < 1) {
            throw new EvaluationException("--origins", "must be at least 1, got " + origins);
        }
        SeriesFile file = SeriesFile.read(series, freq);
        ForecastBacktest.Result result;
        // Log lines (plugin loading, strategy logs) go to stderr while evaluating, so that stdout carries only the
        // result and --format json stays parseable. The command's own writer keeps the original stdout.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try (OfflineStrategy<Forecaster> s = options.load(strategy, StrategyKind.FORECASTER, Forecaster.class)) {
            result = ForecastBacktest.run(s, file, horizon, origins, season == null ? Double.NaN : season);
        } finally {
            System.setOut(stdout);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(toJson(result).encodePrettily());
        } else {
            printTable(out, result, file);
        }
        out.flush();
        return 0;
    }

    static JsonObject toJson(ForecastBacktest.Result r) {
        JsonArray points = new JsonArray();
        for (ForecastBacktest.Point p : r.forecast()) {
            JsonObject o = new JsonObject().put("date", p.date().toString()).put("actual", number(p.actual()))
                    .put("mean", number(p.mean())).put("lo80", number(p.lo80())).put("hi80", number(p.hi80()))
                    .put("lo95", number(p.lo95())).put("hi95", number(p.hi95()));
            if (r.origins() > 1) {
                o.put("origin", p.origin());
            }
            points.add(o);
        }
        return new JsonObject().put("strategy", r.strategy()).put("model", r.model())
                .put("mae", number(r.scores().mae())).put("rmse", number(r.scores().rmse()))
                .put("smape", number(r.scores().smape())).put("mase", number(r.scores().mase()))
                .put("coverage_80", number(r.scores().coverage80())).put("coverage_95", number(r.scores().coverage95()))
                .put("fit_seconds", r.fitSeconds()).put("horizon", r.horizon()).put("origins", r.origins())
                .put("season", r.seasonalPeriod()).put("forecast", points);
    }

    /** JSON has no NaN: unobserved actuals and undefined measures are null. */
    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void printTable(PrintWriter out, ForecastBacktest.Result r, SeriesFile file) {
        out.printf(Locale.ROOT, "strategy   %s%nmodel      %s%nseries     %s (%s, %d periods, season %s)%n", r.strategy(),
                r.model(), file.name(), file.frequency(), file.length(), fmt(r.seasonalPeriod()));
        out.printf(Locale.ROOT, "holdout    last %d period(s)%s%n", r.horizon(), r.origins() > 1 ? " at " + r.origins() + " rolling origins" : "");
        out.printf(Locale.ROOT, "MAE %s  RMSE %s  sMAPE %s%%  MASE %s  coverage 80%% %s  95%% %s  fit %.3f s%n%n",
                fmt(r.scores().mae()), fmt(r.scores().rmse()), fmt(r.scores().smape()), fmt(r.scores().mase()),
                fmt(r.scores().coverage80()), fmt(r.scores().coverage95()), r.fitSeconds());
        out.printf(Locale.ROOT, "%s%-10s %12s %12s %12s %12s %12s %12s%n", r.origins() > 1 ? "origin " : "", "date",
                "actual", "mean", "lo80", "hi80", "lo95", "hi95");
        for (ForecastBacktest.Point p : r.forecast()) {
            out.printf(Locale.ROOT, "%s%-10s %12s %12s %12s %12s %12s %12s%n",
                    r.origins() > 1 ? String.format(Locale.ROOT, "%6d ", p.origin()) : "", p.date(), fmt(p.actual()),
                    fmt(p.mean()), fmt(p.lo80()), fmt(p.hi80()), fmt(p.lo95()), fmt(p.hi95()));
        }
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NA";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.1f" : "%.4g", v);
    }
}
