package dev.merchantry.platform.tools.evaluation.profiler;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigError;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Calibration/holdout evaluation of a profiler's purchase predictions, as in the BG/NBD literature (Fader, Hardie
 * &amp; Lee 2005, section 5): the strategy is trained on the orders before the calibration end; the cohort is every
 * customer who bought by then; for each of them the purchases in the holdout period (all of which are repeat
 * purchases) are compared with the model's expected purchases over the holdout's length. Customers whose first
 * order falls in the holdout are not part of the cohort.
 */
public final class ProfilerEvaluation {

    /** The config key through which a strategy predicts purchases over any horizon (see the profiling plugin). */
    static final String HORIZON_KEY = "horizon_days";
    private static final long DAY_MS = 86_400_000L;

    private ProfilerEvaluation() {
    }

    /**
     * @param holdoutEnd exclusive end of the holdout; null for the day after the last order in the file
     * @return the JSON report of docs/algorithms/profiling.md
     */
    public static JsonObject run(OfflineStrategy<Profiler> strategy, OrderHistory history, Instant calibrationEnd,
                                 Instant holdoutEnd) {
        if (!history.first().isBefore(calibrationEnd)) {
            throw new EvaluationException("--calibration-end", calibrationEnd + " is not after the first order ("
                    + history.first() + "): nothing to calibrate on");
        }
        Instant end = holdoutEnd != null ? holdoutEnd
                : history.last().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (holdoutEnd != null && !holdoutEnd.isAfter(calibrationEnd)) {
            throw new EvaluationException("--holdout-end", holdoutEnd + " must be after --calibration-end " + calibrationEnd);
        }
        boolean hasHoldout = end.isAfter(calibrationEnd);
        long holdoutMs = hasHoldout ? Duration.between(calibrationEnd, end).toMillis() : 0;
        int holdoutDays = (int) Math.round(holdoutMs / (double) DAY_MS);

        List<CustomerHistory> cohort = new ArrayList<>();
        Map<String, Integer> actual = new LinkedHashMap<>();
        long calibrationOrders = 0;
        long repeat = 0;
        for (Map.Entry<String, List<Order>> e : history.orders().entrySet()) {
            List<Order> before = new ArrayList<>();
            int after = 0;
            for (Order o : e.getValue()) {
                if (o.timestamp().isBefore(calibrationEnd)) {
                    before.add(o);
                } else if (o.timestamp().isBefore(end)) {
                    after++;
                }
            }
            if (before.isEmpty()) {
                continue;
            }
            calibrationOrders += before.size();
            repeat += before.size() - 1;
            cohort.add(new CustomerHistory(e.getKey(), before.get(0).timestamp(), before.get(before.size() - 1).timestamp(),
                    before, 0, 0));
            actual.put(e.getKey(), after);
        }

        Config config = withHorizon(strategy, hasHoldout ? holdoutDays : 0);
        boolean anyHorizon = strategy.descriptor().configSpec().key(HORIZON_KEY).isPresent();
        if (hasHoldout && !anyHorizon && holdoutDays != 90) {
            throw new EvaluationException("--holdout-end", "strategy '" + strategy.descriptor().id() + "' predicts"
                    + " purchases over 90 days only (it has no '" + HORIZON_KEY + "' setting); use a 90-day holdout");
        }
        CustomerData data = new CustomerData(calibrationEnd, cohort.size(), cohort);
        long started = System.nanoTime();
        ProfilerModel model;
        try {
            model = strategy.call(() -> strategy.strategy().fit(data, config,
                    strategy.context(Clock.fixed(calibrationEnd, ZoneOffset.UTC)), ProgressListener.NONE));
        } catch (EvaluationException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("strategy '" + strategy.descriptor().id() + "' failed to fit: " + e, e);
        }
        double fitSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> metrics = model.metrics();

        JsonObject report = new JsonObject().put("strategy", strategy.descriptor().id());
        JsonObject params = new JsonObject();
        for (String[] p : new String[][] {{"r", "bgnbd_r"}, {"alpha", "bgnbd_alpha"}, {"a", "bgnbd_a"}, {"b", "bgnbd_b"},
            {"p", "gg_p"}, {"q", "gg_q"}, {"gamma", "gg_gamma"}}) {
            params.put(p[0], metrics.get(p[1]));
        }
        report.put("params", params);
        report.put("log_likelihood", metrics.get("bgnbd_log_likelihood"));
        report.put("gamma_gamma_log_likelihood", metrics.get("gg_log_likelihood"));
        report.put("fitted", new JsonObject().put("bgnbd", flag(metrics.get("bgnbd_fitted")))
                .put("gamma_gamma", flag(metrics.get("gg_fitted"))));
        report.put("purchase_model", strategy.config().asMap().getOrDefault("clv_model", null));
        report.put("time_unit", strategy.config().asMap().getOrDefault("time_unit", null));
        report.put("calibration", new JsonObject().put("from", history.first().toString())
                .put("to", calibrationEnd.toString()).put("customers", cohort.size()).put("orders", calibrationOrders)
                .put("repeat_purchases", repeat));

        if (hasHoldout) {
            double[] a = new double[cohort.size()];
            double[] p = new double[cohort.size()];
            int i = 0;
            double sumAbs = 0;
            for (CustomerHistory c : cohort) {
                a[i] = actual.get(c.customerId());
                p[i] = predicted(strategy, model, c.customerId(), anyHorizon);
                sumAbs += Math.abs(a[i] - p[i]);
                i++;
            }
            double sumA = java.util.Arrays.stream(a).sum();
            double sumP = java.util.Arrays.stream(p).sum();
            Double correlation = null;
            if (a.length >= 2) {
                double r = new PearsonsCorrelation().correlation(a, p);
                correlation = Double.isFinite(r) ? r : null;
            }
            report.put("holdout", new JsonObject().put("from", calibrationEnd.toString()).put("to", end.toString())
                    .put("days", holdoutDays).put("customers", cohort.size()).put("actual_purchases", sumA)
                    .put("predicted_purchases", sumP).put("mae_per_customer", cohort.isEmpty() ? null : sumAbs / cohort.size())
                    .put("correlation", correlation));
        } else {
            report.put("holdout", null);
        }
        report.put("fit_seconds", fitSeconds);
        return report;
    }

    private static Boolean flag(Double v) {
        return v == null ? null : v > 0;
    }

    /** The strategy's configuration with {@code horizon_days} set to the holdout's length unless the user set it. */
    private static Config withHorizon(OfflineStrategy<Profiler> strategy, int holdoutDays) {
        if (holdoutDays <= 0 || strategy.descriptor().configSpec().key(HORIZON_KEY).isEmpty()) {
            return strategy.config();
        }
        Map<String, Object> raw = new LinkedHashMap<>(strategy.config().asMap());
        raw.put(HORIZON_KEY, holdoutDays);
        List<ConfigError> errors = strategy.descriptor().configSpec().validate(raw);
        if (!errors.isEmpty()) {
            throw new EvaluationException("--holdout-end", "a holdout of " + holdoutDays + " days: " + errors.stream()
                    .map(e -> e.key() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        return strategy.descriptor().configSpec().parse(raw);
    }

    private static double predicted(OfflineStrategy<Profiler> strategy, ProfilerModel model, String customer,
                                    boolean anyHorizon) {
        Optional<CustomerProfile> profile;
        try {
            profile = strategy.call(() -> model.profile(customer));
        } catch (Exception e) {
            throw new IllegalStateException("strategy '" + strategy.descriptor().id() + "' failed to profile " + customer, e);
        }
        Object clv = profile.map(p -> p.fields().get(CustomerProfile.CLV)).orElse(null);
        if (!(clv instanceof Map<?, ?> m)) {
            throw new IllegalStateException("strategy '" + strategy.descriptor().id() + "' gave customer " + customer
                    + " no clv in its profile");
        }
        Object v = m.get(anyHorizon ? "expected_purchases" : "expected_purchases_90d");
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("strategy '" + strategy.descriptor().id() + "' gave customer " + customer
                    + " no expected purchases");
        }
        return n.doubleValue();
    }
}
