package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.plugins.forecasting.arima.ArimaFitter;
import dev.merchantry.plugins.forecasting.arima.ArimaPredictor;
import dev.merchantry.plugins.forecasting.arima.AutoArima;
import dev.merchantry.plugins.forecasting.arima.FourierChoice;
import dev.merchantry.plugins.forecasting.arima.Regressors;
import dev.merchantry.plugins.forecasting.ets.EtsFitter;
import dev.merchantry.plugins.forecasting.ets.EtsPredictor;
import dev.merchantry.plugins.forecasting.intermittent.CrostonPredictor;
import dev.merchantry.plugins.forecasting.intermittent.PoissonRatePredictor;
import dev.merchantry.plugins.forecasting.intermittent.PoissonSeasonality;
import dev.merchantry.plugins.forecasting.predict.Predictor;
import dev.merchantry.plugins.forecasting.series.Observations;
import dev.merchantry.plugins.forecasting.simple.NaivePredictor;
import dev.merchantry.plugins.forecasting.theta.ThetaPredictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * The automatic default. Per series:
 * <ol>
 *   <li>Too short (fewer than {@value #MIN_OBSERVATIONS} observations) or constant: the mean, resp. the naive
 *       method.</li>
 *   <li>Intermittent (average interval between non-zero demands above the Syntetos–Boylan cut-off 1.32): a
 *       discounted Poisson rate ({@link PoissonRatePredictor}, Harvey &amp; Fernandes 1989; or Croston with the SBA
 *       correction, the default until round 3). When the history covers at least {@value #MIN_SEASONS} cycles of a
 *       period and holds {@value #MIN_DEMANDS} or more demands, a Poisson log-linear Fourier model
 *       ({@link PoissonSeasonality}) looks for a seasonal index first; if it finds one, the rate is estimated per
 *       unit of the index and multiplied by the index ahead (a slow-selling ski jacket still sells mostly in
 *       winter). A series too short or too sparse to show a season of its own borrows its group's (the category's
 *       summed demand), when one is given and shows one; and with a group, the rate is the product's share of the
 *       group's deseasonalized level, times that level at the end (a growing shop lifts every slow mover at
 *       once).</li>
 *   <li>Otherwise: seasonal periods too long or fractional for seasonal ETS/ARIMA (over 24, e.g. 52.18 weeks or
 *       365.25 days a year) are removed by a Fourier regression (K by AICc) and put back after forecasting. On the
 *       result three model families are fitted — ETS (AICc-selected), ARIMA (Hyndman–Khandakar) and Theta — and
 *       combined by their per-step median (default) or their equal-weight mean (the combinations that beat each of
 *       their members in the M3/M4 competitions; the median is robust to the one member that goes astray).
 *       With validation on (off by default: on the check set it chose worse than the plain combination), the
 *       last season (at least {@value #MIN_VALIDATION} periods, at most a quarter of the
 *       data) is held out first: every non-empty subset of the three is scored by its MASE there, and the largest
 *       subset within {@code tolerance} of the best score is refitted on all data, keeping the model structure
 *       (ETS components, ARIMA orders) chosen on the shorter series and re-estimating its parameters.</li>
 * </ol>
 */
public final class AutoFitter {

    static final int MIN_OBSERVATIONS = 8;
    static final int MIN_VALIDATION = 4;
    /** Cycles of a period the history must cover before intermittent demand is searched for that season. */
    static final double MIN_SEASONS = 1.5;
    /** Non-zero demands needed before intermittent demand is searched for any season. */
    static final int MIN_DEMANDS = 20;
    /**
     * Fewest non-zero demands for Croston. Its interval estimate starts at the first gap, counted from the series'
     * start, and the platform's demand view starts a series at the product's first sale: with a single sale the
     * estimated interval is one period, and Croston would forecast that sale's size every period (a product that
     * sold once in 200 days forecast about one unit a day on the demo, times its category's season in winter).
     * The Poisson rate has no such artefact, but one sale tells it nothing about how fast to forget (its one-step
     * deviance is smallest when it forgets at once, forecasting almost nothing). Below this, the mean of the
     * observed periods, for both.
     */
    static final int MIN_CROSTON_DEMANDS = 2;
    /** Most harmonics per period of an intermittent series' seasonal index. */
    static final int MAX_INTERMITTENT_HARMONICS = 3;

    /** How the level of intermittent demand is estimated. */
    public enum IntermittentMethod {
        /** Discounted Poisson rate per unit of exposure ({@link PoissonRatePredictor}); the default. */
        POISSON_RATE,
        /** Croston's smoothed sizes and intervals with the SBA correction ({@link CrostonPredictor}). */
        CROSTON_SBA
    }

    /** Settings of the automatic choice. */
    public record Settings(boolean validate, double tolerance, double intermittentInterval, double crostonAlpha,
                           boolean intermittentSeasonality, boolean medianCombination, int etsEvaluations, long seed,
                           IntermittentMethod intermittentMethod) {
    }

    private AutoFitter() {
    }

    public static Predictor fit(double[] y, double[] periods, Settings s) {
        return fit(y, periods, s, () -> null);
    }

    /**
     * As {@link #fit(double[], double[], Settings)}, with what the series' group lends (its seasonal index and level
     * on the series' time axis; null when there is no group), asked for only for intermittent demand.
     */
    static Predictor fit(double[] y, double[] periods, Settings s, Supplier<GroupSeasonality.Group> group) {
        int observed = Observations.count(y);
        if (observed < MIN_OBSERVATIONS) {
            return NaivePredictor.fit(y, observed < 4 ? NaivePredictor.Method.MEAN : NaivePredictor.Method.NAIVE);
        }
        if (Observations.isConstant(y)) {
            return NaivePredictor.fit(y, NaivePredictor.Method.NAIVE);
        }
        if (isIntermittent(y, s.intermittentInterval())) {
            return intermittent(y, periods, s, group);
        }
        int m = 1;
        List<Double> longPeriods = new ArrayList<>();
        for (double p : periods) {
            boolean whole = Math.abs(p - Math.rint(p)) < 1e-9;
            if (m == 1 && whole && p >= 2 && p <= AutoArima.MAX_SEASONAL_ARIMA_PERIOD) {
                m = (int) Math.rint(p);
            } else if (p >= 2) {
                longPeriods.add(p);
            }
        }
        int n = y.length;
        Selection selection = new Selection(List.of(Family.values()), new EnumMap<>(Family.class));
        if (s.validate()) {
            int v = Math.min(Math.max(MIN_VALIDATION, (int) Math.round(periods.length == 0 ? 0 : periods[0])), n / 4);
            if (v >= 1 && Observations.count(Arrays.copyOf(y, n - v)) >= Math.max(MIN_OBSERVATIONS, 2 * m + 2)) {
                selection = validate(y, v, m, longPeriods, s);
            }
        }
        return fitFamilies(y, m, longPeriods, selection, s);
    }

    /**
     * The rate of intermittent demand, per unit of its seasonal index when it has one — its own if it shows one,
     * else its group's (top-down seasonality, {@link GroupSeasonality}) — and, with the Poisson rate and a group, per
     * unit of the group's level too. A single sale gives the mean ({@link #MIN_CROSTON_DEMANDS}).
     */
    static Predictor intermittent(double[] y, double[] periods, Settings s, Supplier<GroupSeasonality.Group> group) {
        if (nonZero(y) < MIN_CROSTON_DEMANDS) {
            return NaivePredictor.fit(y, NaivePredictor.Method.MEAN);
        }
        PoissonSeasonality.SeasonalIndex index = s.intermittentSeasonality()
                ? PoissonSeasonality.choose(y, periods, MAX_INTERMITTENT_HARMONICS, MIN_SEASONS, MIN_DEMANDS) : null;
        boolean croston = s.intermittentMethod() == IntermittentMethod.CROSTON_SBA;
        // Croston ignores the group's level, so it asks the group only for a season it lacks.
        GroupSeasonality.Group lent = croston && index != null ? null : group.get();
        boolean borrowed = false;
        if (index == null && lent != null && lent.index() != null) {
            index = lent.index();
            borrowed = true;
        }
        int n = y.length;
        double[] adjusted = y.clone();
        for (int t = 0; t < n; t++) {
            adjusted[t] = index == null ? y[t] : y[t] / index.at(t + 1);
        }
        Predictor inner;
        if (croston) {
            inner = CrostonPredictor.fit(adjusted, s.crostonAlpha(), true);
        } else {
            double[] level = lent == null ? null : lent.level();
            double[] exposure = new double[n];
            for (int t = 0; t < n; t++) {
                exposure[t] = (index == null ? 1 : index.at(t + 1)) * (level == null ? 1 : level[t]);
            }
            inner = PoissonRatePredictor.fit(y, exposure, level == null ? 1 : level[n - 1], level != null, adjusted);
        }
        if (index == null) {
            return inner;
        }
        return borrowed
                ? SeasonallyAdjustedPredictor.groupMultiplicative(inner, index.fourier(), index.coefficients(), n)
                : SeasonallyAdjustedPredictor.multiplicative(inner, index.fourier(), index.coefficients(), n);
    }

    /** The families to combine and the models validation fitted for them (their structure is reused). */
    private record Selection(List<Family> families, Map<Family, Predictor> validated) {
    }

    private static int nonZero(double[] y) {
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v) && v != 0) {
                n++;
            }
        }
        return n;
    }

    /** Average interval between non-zero demands (observed periods only) above the cut-off. */
    static boolean isIntermittent(double[] y, double cutoff) {
        int observed = 0;
        int nonZero = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                observed++;
                if (v != 0) {
                    nonZero++;
                }
            }
        }
        return nonZero == 0 || (double) observed / nonZero > cutoff;
    }

    private enum Family { ETS, ARIMA, THETA }

    private static Selection validate(double[] y, int v, int m, List<Double> longPeriods, Settings s) {
        double[] train = Arrays.copyOf(y, y.length - v);
        List<Predictor> fits = new ArrayList<>();
        List<Family> families = new ArrayList<>();
        Map<Family, Predictor> validated = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            Predictor p = fitFamily(train, m, longPeriods, f, s, null, true);
            if (p != null) {
                fits.add(p);
                families.add(f);
                validated.put(f, p instanceof SeasonallyAdjustedPredictor a ? a.inner() : p);
            }
        }
        if (fits.isEmpty()) {
            return new Selection(List.of(Family.values()), validated);
        }
        double scale = seasonalNaiveMae(train, Math.max(1, m));
        double[][] forecasts = new double[fits.size()][];
        for (int i = 0; i < fits.size(); i++) {
            forecasts[i] = fits.get(i).predict(v, new double[0]).mean();
        }
        int k = fits.size();
        double best = Double.POSITIVE_INFINITY;
        double[] score = new double[1 << k];
        for (int mask = 1; mask < (1 << k); mask++) {
            double err = 0;
            int count = 0;
            for (int h = 0; h < v; h++) {
                double actual = y[y.length - v + h];
                if (Double.isNaN(actual)) {
                    continue;
                }
                double[] member = new double[Integer.bitCount(mask)];
                int c = 0;
                for (int i = 0; i < k; i++) {
                    if ((mask & (1 << i)) != 0) {
                        member[c++] = Math.max(0, forecasts[i][h]);
                    }
                }
                double f = combine(member, s.medianCombination());
                err += Math.abs(actual - f);
                count++;
            }
            score[mask] = count == 0 ? Double.POSITIVE_INFINITY : err / count / scale;
            best = Math.min(best, score[mask]);
        }
        int chosen = 0;
        for (int mask = 1; mask < (1 << k); mask++) {
            if (score[mask] <= best * (1 + s.tolerance()) && (chosen == 0 || Integer.bitCount(mask) > Integer.bitCount(chosen)
                    || (Integer.bitCount(mask) == Integer.bitCount(chosen) && score[mask] < score[chosen]))) {
                chosen = mask;
            }
        }
        List<Family> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if ((chosen & (1 << i)) != 0) {
                out.add(families.get(i));
            }
        }
        return new Selection(out, validated);
    }

    /** The members' median or mean, as the combination that would be served. */
    private static double combine(double[] v, boolean median) {
        if (median && v.length > 2) {
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    private static double seasonalNaiveMae(double[] y, int m) {
        double s = 0;
        int c = 0;
        for (int t = m; t < y.length; t++) {
            if (!Double.isNaN(y[t]) && !Double.isNaN(y[t - m])) {
                s += Math.abs(y[t] - y[t - m]);
                c++;
            }
        }
        double mae = c == 0 ? 0 : s / c;
        return mae > 0 ? mae : 1;
    }

    private static Predictor fitFamilies(double[] y, int m, List<Double> longPeriods, Selection selection, Settings s) {
        List<Family> families = selection.families();
        // The families are independent fits: all but the last are forked to the common pool, the last runs here.
        // join() runs a task that no worker has taken yet on this thread, so a busy pool (a whole-shop training job
        // already using every core) costs nothing, and an idle one (the CLI, one series) uses the second core.
        List<ForkJoinTask<Predictor>> fits = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            Family f = families.get(i);
            ForkJoinTask<Predictor> task = ForkJoinTask.adapt(
                    () -> fitFamily(y, m, longPeriods, f, s, selection.validated().get(f), false));
            fits.add(i < families.size() - 1 ? task.fork() : task);
        }
        // Joined newest first: the newest fork is the one still on top of the queue, so this thread can unpush it.
        for (int i = fits.size() - 1; i >= 0; i--) {
            if (i == fits.size() - 1) {
                fits.get(i).invoke();
            } else {
                fits.get(i).join();
            }
        }
        List<Predictor> members = new ArrayList<>();
        for (ForkJoinTask<Predictor> task : fits) {
            Predictor p = task.join();
            if (p != null) {
                members.add(p);
            }
        }
        if (members.isEmpty()) {
            for (Family f : Family.values()) {
                if (!families.contains(f)) {
                    Predictor p = fitFamily(y, m, longPeriods, f, s, null, false);
                    if (p != null) {
                        members.add(p);
                    }
                }
            }
        }
        if (members.isEmpty()) {
            return NaivePredictor.fit(y, NaivePredictor.Method.NAIVE);
        }
        if (members.size() == 1) {
            return members.get(0);
        }
        if (s.medianCombination()) {
            return CombinationPredictor.median(members);
        }
        double[] w = new double[members.size()];
        Arrays.fill(w, 1);
        return new CombinationPredictor(members, w);
    }

    /**
     * One family on the (long-season adjusted) series; null when it cannot be fitted. With a {@code template}
     * (the model validation chose on the shorter series) its structure — ETS components, ARIMA orders — is kept
     * and only the parameters are re-estimated, which is what makes validation affordable.
     */
    private static Predictor fitFamily(double[] y, int m, List<Double> longPeriods, Family family, Settings s,
                                       Predictor template, boolean validating) {
        try {
            double[] x = y;
            Regressors fourier = null;
            double[] coef = null;
            if (!longPeriods.isEmpty()) {
                double[] full = Observations.interpolate(y);
                List<Double> usable = new ArrayList<>();
                for (double p : longPeriods) {
                    if (full.length >= Math.floor(2 * p)) {
                        usable.add(p);
                    }
                }
                if (!usable.isEmpty()) {
                    double[] ps = usable.stream().mapToDouble(Double::doubleValue).toArray();
                    int[] k = FourierChoice.choose(full, ps, 10);
                    fourier = new Regressors(false, false, ps, k);
                    if (fourier.count() > 0) {
                        coef = FourierChoice.seasonalCoefficients(full, fourier);
                        x = y.clone();
                        for (int t = 0; t < x.length; t++) {
                            if (!Double.isNaN(x[t])) {
                                double[] row = fourier.row(t + 1);
                                for (int c = 0; c < row.length; c++) {
                                    x[t] -= coef[c] * row[c];
                                }
                            }
                        }
                    } else {
                        fourier = null;
                    }
                }
            }
            Predictor p = null;
            if (template instanceof EtsPredictor e) {
                p = EtsFitter.fit(x, e.spec(), s.etsEvaluations(), s.seed());
            } else if (template instanceof ArimaPredictor a) {
                try {
                    ArimaPredictor refit = ArimaFitter.fit(x, a.order(), a.regressors(), ArimaFitter.Method.CSS_ML, true);
                    p = refit.rootsOutside(1.01) ? refit : null;
                } catch (RuntimeException e) {
                    p = null;
                }
            }
            if (p == null) {
                p = switch (family) {
                    case ETS -> EtsFitter.select(x, m, true, true, s.etsEvaluations(), s.seed());
                    // While validating, the approximate (CSS) winner is enough: the final fit re-estimates its
                    // orders by exact likelihood on all the data.
                    case ARIMA -> AutoArima.fit(x, m > 1 ? new double[] {m} : new double[0], validating
                            ? AutoArima.Settings.defaults().withoutExactRefit() : AutoArima.Settings.defaults());
                    case THETA -> ThetaPredictor.fit(x, m);
                };
            }
            if (p == null) {
                return null;
            }
            return fourier == null ? p : new SeasonallyAdjustedPredictor(p, fourier, coef, y.length);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
