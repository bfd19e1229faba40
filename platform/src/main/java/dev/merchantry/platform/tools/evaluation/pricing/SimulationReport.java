package dev.merchantry.platform.tools.evaluation.pricing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pricing simulation measured, averaged over runs: the agent's revenue and profit, the oracle's, the percent
 * of the oracle and the mean cumulative regret after every period (with its standard deviation across runs).
 *
 * @param objective revenue or profit: what the agent maximizes, the oracle too
 * @param grid the candidate prices
 * @param oraclePrice the best fixed candidate with the demand known
 * @param oracleUnits expected units per period at the oracle price
 * @param oraclePerPeriod the oracle's expected reward per period
 * @param oracleTotal the oracle's expected reward over the horizon
 * @param revenue realized revenue per run (mean)
 * @param profit realized profit per run (mean)
 * @param units units sold per run (mean)
 * @param runPercents each run's expected reward as a percent of the oracle's
 * @param meanRegret mean cumulative pseudo-regret after period t + 1
 * @param sdRegret its standard deviation across runs
 * @param meanReward mean cumulative expected reward after period t + 1
 * @param oracleShareLastTenth share of the last 10 % of periods priced at the oracle price
 * @param exploringShare share of decisions the agent marked as exploring
 */
public record SimulationReport(String strategy, DemandModel demand, Map<String, Object> config,
                               PricingSimulation.Options options, String objective, double[] grid, double oraclePrice,
                               double oracleUnits, double oraclePerPeriod, double oracleTotal, double revenue,
                               double profit, double units, List<Double> runPercents, double[] meanRegret,
                               double[] sdRegret, double[] meanReward, double oracleShareLastTenth,
                               double exploringShare) {

    /** The agent's expected reward as a percent of the oracle's (mean over runs). */
    public double percentOfOracle() {
        return 100 * meanReward[meanReward.length - 1] / oracleTotal;
    }

    /** Realized reward (revenue or profit, by objective) as a percent of the oracle's expected reward. */
    public double realizedPercentOfOracle() {
        return 100 * ("profit".equals(objective) ? profit : revenue) / oracleTotal;
    }

    public double finalRegret() {
        return meanRegret[meanRegret.length - 1];
    }

    /**
     * The growth exponent of the mean regret over the last three quarters of the horizon, ln(R(T)/R(T/4)) / ln 4:
     * 1 is linear growth, 0.5 is √T, near 0 is logarithmic. NaN when R(T/4) is not positive.
     */
    public double regretGrowthExponent() {
        int n = meanRegret.length;
        if (n < 8) {
            return Double.NaN;
        }
        double quarter = meanRegret[n / 4 - 1];
        double end = meanRegret[n - 1];
        return quarter > 0 && end > 0 ? Math.log(end / quarter) / Math.log((double) n / (n / 4)) : Double.NaN;
    }

    /** Periods at which regret is reported: 10, 25, 50, 100, 250, … below the horizon, and the horizon. */
    public List<Integer> checkpoints() {
        List<Integer> out = new ArrayList<>();
        int n = meanRegret.length;
        for (long base = 10; base < n; base *= 10) {
            for (long t : new long[] {base, base * 5 / 2, base * 5}) {
                if (t < n) {
                    out.add((int) t);
                }
            }
        }
        out.add(n);
        return out;
    }

    public JsonObject toJson() {
        JsonObject params = new JsonObject();
        demand.parameters().forEach(params::put);
        JsonObject settings = new JsonObject();
        new TreeMap<>(config).forEach((k, v) -> settings.put(k, v));
        JsonArray regret = new JsonArray();
        for (int t : checkpoints()) {
            regret.add(new JsonObject().put("period", t).put("mean", round(meanRegret[t - 1]))
                    .put("sd", round(sdRegret[t - 1])).put("percent_of_oracle",
                            round(100 * meanReward[t - 1] / (oraclePerPeriod * t))));
        }
        JsonArray gridJson = new JsonArray();
        for (double p : grid) {
            gridJson.add(p);
        }
        return new JsonObject().put("strategy", strategy).put("config", settings)
                .put("demand", new JsonObject().put("family", demand.family()).put("params", params))
                .put("periods", options.periods()).put("runs", options.runs()).put("seed", options.seed())
                .put("history_periods", options.historyPeriods())
                .put("objective", objective).put("grid", gridJson)
                .put("oracle", new JsonObject().put("price", oraclePrice).put("units_per_period", round(oracleUnits))
                        .put("reward_per_period", round(oraclePerPeriod)).put("total", round(oracleTotal)))
                .put("agent", new JsonObject().put("revenue", round(revenue)).put("profit", round(profit))
                        .put("units", round(units)).put("exploring_share", round(exploringShare))
                        .put("oracle_price_share_last_tenth", round(oracleShareLastTenth)))
                .put("percent_of_oracle", round(percentOfOracle()))
                .put("realized_percent_of_oracle", round(realizedPercentOfOracle()))
                .put("percent_of_oracle_min_run", round(runPercents.stream().mapToDouble(d -> d).min().orElse(Double.NaN)))
                .put("regret", regret)
                .put("regret_growth_exponent", round(regretGrowthExponent()));
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null;
    }

    public void printTable(PrintWriter out) {
        out.printf(Locale.ROOT, "Pricing simulation: %s on %s demand %s%n", strategy, demand.family(), demand.parameters());
        out.printf(Locale.ROOT, "  %d periods x %d runs (seeds %d..%d), objective %s, candidates %s%n",
                options.periods(), options.runs(), options.seed(), options.seed() + options.runs() - 1, objective,
                java.util.Arrays.toString(grid));
        if (options.historyPeriods() > 0) {
            out.printf(Locale.ROOT, "  warm start: %d past periods at list price%n", options.historyPeriods());
        }
        out.printf(Locale.ROOT, "  oracle (best fixed candidate, demand known): price %.2f, %.2f units and %.2f %s "
                + "per period, %,.2f in total%n", oraclePrice, oracleUnits, oraclePerPeriod, objective, oracleTotal);
        out.printf(Locale.ROOT, "  agent (mean per run): revenue %,.2f, profit %,.2f, units %,.1f%n", revenue, profit, units);
        out.printf(Locale.ROOT, "  percent of oracle: %.2f %% expected (worst run %.2f %%), %.2f %% realized%n",
                percentOfOracle(), runPercents.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                realizedPercentOfOracle());
        out.printf(Locale.ROOT, "  last 10%% of periods at the oracle price: %.1f %%; decisions marked exploring: %.1f %%%n",
                100 * oracleShareLastTenth, 100 * exploringShare);
        out.printf(Locale.ROOT, "  %10s  %14s  %12s  %10s%n", "period", "mean regret", "sd", "% oracle");
        for (int t : checkpoints()) {
            out.printf(Locale.ROOT, "  %10d  %14.2f  %12.2f  %10.2f%n", t, meanRegret[t - 1], sdRegret[t - 1],
                    100 * meanReward[t - 1] / (oraclePerPeriod * t));
        }
        out.printf(Locale.ROOT, "  regret growth exponent over the last 3/4 of the horizon: %.3f (1 = linear)%n",
                regretGrowthExponent());
        out.flush();
    }

    /** The regret curve, one row per period: period, mean_regret, sd_regret, mean_reward, oracle_reward. */
    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                     .setHeader("period", "mean_regret", "sd_regret", "mean_reward", "oracle_reward").get())) {
            for (int t = 0; t < meanRegret.length; t++) {
                csv.printRecord(t + 1, fmt(meanRegret[t]), fmt(sdRegret[t]), fmt(meanReward[t]),
                        fmt(oraclePerPeriod * (t + 1)));
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
