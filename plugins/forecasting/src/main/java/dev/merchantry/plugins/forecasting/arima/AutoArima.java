package dev.merchantry.plugins.forecasting.arima;

import dev.merchantry.plugins.forecasting.series.Observations;
import dev.merchantry.plugins.forecasting.series.SeasonalityTest;

import java.util.HashMap;
import java.util.Map;

/**
 * Automatic ARIMA order selection after Hyndman &amp; Khandakar (2008) and forecast::auto.arima (stepwise):
 * D from the seasonal strength of a classical decomposition (&gt; 0.64 ⇒ D = 1, the threshold of nsdiffs' default
 * test), d from repeated KPSS tests at 5%, then a stepwise search over (p,q,P,Q) and the constant, starting from
 * (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1), moving to the first neighbour (±1 in one or two
 * orders, constant toggled) with a lower AICc, until none is lower. Models with an AR or MA root within 1.01 of
 * the unit circle are rejected. For long series (n &gt; 150) and periods above 12 the search ranks models by
 * their conditional-sum-of-squares fit and only the winner is refitted by exact likelihood (R's
 * {@code approximation}, with R's rule). Shorter seasonal series are searched by exact likelihood, as in R: ranking
 * them by CSS, which conditions on the first values and estimates MA terms poorly, steered the search to pure-AR
 * corners such as (3,1,0)(2,1,0) and cost accuracy on the check and hold-out sets.
 *
 * <p>Periods above {@link #MAX_SEASONAL_ARIMA_PERIOD} or not whole (52.18 weeks) are modelled by Fourier terms as
 * regressors with non-seasonal ARIMA errors ("dynamic harmonic regression", FPP3 §10.5), the number of harmonics
 * K chosen by the AICc of the regression on trend and Fourier terms.
 */
public final class AutoArima {

    /** Longest period modelled by seasonal ARIMA terms; longer or fractional ones get Fourier terms. */
    public static final int MAX_SEASONAL_ARIMA_PERIOD = 24;

    /** Search limits, as auto.arima's arguments. */
    public record Settings(int maxP, int maxQ, int maxSeasonalP, int maxSeasonalQ, int maxOrder, int maxD,
                           int maxSeasonalD, Boolean approximation, int maxFourierK, boolean exactRefit) {

        public static Settings defaults() {
            return new Settings(5, 5, 2, 2, 5, 2, 1, null, 10, true);
        }

        /** The same search whose approximate winner is returned without an exact-likelihood refit. */
        public Settings withoutExactRefit() {
            return new Settings(maxP, maxQ, maxSeasonalP, maxSeasonalQ, maxOrder, maxD, maxSeasonalD, approximation,
                    maxFourierK, false);
        }
    }

    private AutoArima() {
    }

    /**
     * Selects and fits a model for {@code y} (NaN = missing) with seasonal periods {@code periods} (the first is the
     * main one; empty or {1} for none).
     *
     * @throws IllegalArgumentException when no model can be fitted
     */
    public static ArimaPredictor fit(double[] y, double[] periods, Settings s) {
        double[] x = Observations.interpolate(y);
        int n = x.length;
        int m = 1;
        java.util.List<Double> fourierPeriods = new java.util.ArrayList<>();
        for (double period : periods) {
            if (period < 2 || n < Math.floor(2 * period)) {
                continue;
            }
            boolean whole = Math.abs(period - Math.rint(period)) < 1e-9;
            if (m == 1 && whole && period <= MAX_SEASONAL_ARIMA_PERIOD) {
                m = (int) Math.rint(period);
            } else {
                fourierPeriods.add(period);
            }
        }
        Regressors base = Regressors.NONE;
        double[] adjusted = x;
        if (!fourierPeriods.isEmpty()) {
            double[] fp = fourierPeriods.stream().mapToDouble(Double::doubleValue).toArray();
            int[] k = FourierChoice.choose(x, fp, s.maxFourierK());
            base = base.withFourier(fp, k);
            adjusted = FourierChoice.residuals(x, base);
        }
        int bigD = 0;
        if (m > 1 && s.maxSeasonalD() > 0 && SeasonalityTest.seasonalStrengthEither(adjusted, m) > 0.64) {
            bigD = 1;
        }
        double[] forD = adjusted;
        if (bigD == 1) {
            forD = new double[n - m];
            for (int t = m; t < n; t++) {
                forD[t - m] = adjusted[t] - adjusted[t - m];
            }
        }
        int d = SeasonalityTest.ndiffs(forD, s.maxD());
        int maxSP = m > 1 ? s.maxSeasonalP() : 0;
        int maxSQ = m > 1 ? s.maxSeasonalQ() : 0;
        boolean allowDrift = d + bigD == 1;
        boolean allowMean = d + bigD == 0;
        boolean constant = allowDrift || allowMean;
        boolean approximation = s.approximation() != null ? s.approximation() : (n > 150 || m > 12);
        Search search = new Search(y, m, d, bigD, base, allowDrift, allowMean,
                approximation ? ArimaFitter.Method.CSS : ArimaFitter.Method.CSS_ML, s);
        int p = Math.min(2, s.maxP());
        int q = Math.min(2, s.maxQ());
        int sp = Math.min(1, maxSP);
        int sq = Math.min(1, maxSQ);
        Candidate best = search.fit(p, q, sp, sq, constant);
        Candidate c = search.fit(0, 0, 0, 0, constant);
        if (c.better(best)) {
            best = c;
        }
        if (s.maxP() > 0 || maxSP > 0) {
            c = search.fit(s.maxP() > 0 ? 1 : 0, 0, maxSP > 0 ? 1 : 0, 0, constant);
            if (c.better(best)) {
                best = c;
            }
        }
        if (s.maxQ() > 0 || maxSQ > 0) {
            c = search.fit(0, s.maxQ() > 0 ? 1 : 0, 0, maxSQ > 0 ? 1 : 0, constant);
            if (c.better(best)) {
                best = c;
            }
        }
        if (constant) {
            c = search.fit(0, 0, 0, 0, false);
            if (c.better(best)) {
                best = c;
            }
        }
        int[][] moves = {{0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, -1, -1}, {0, 0, -1, 1},
                {0, 0, 1, -1}, {0, 0, 1, 1}, {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {-1, -1, 0, 0},
                {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}};
        boolean improved = true;
        while (improved && search.size() < 94) {
            improved = false;
            for (int[] mv : moves) {
                int np = best.p + mv[0];
                int nq = best.q + mv[1];
                int nsp = best.sp + mv[2];
                int nsq = best.sq + mv[3];
                if (np < 0 || nq < 0 || nsp < 0 || nsq < 0 || np > s.maxP() || nq > s.maxQ() || nsp > maxSP
                        || nsq > maxSQ || np + nq + nsp + nsq > s.maxOrder() || search.seen(np, nq, nsp, nsq, best.constant)) {
                    continue;
                }
                c = search.fit(np, nq, nsp, nsq, best.constant);
                if (c.better(best)) {
                    best = c;
                    improved = true;
                    break;
                }
            }
            if (!improved && (allowDrift || allowMean) && !search.seen(best.p, best.q, best.sp, best.sq, !best.constant)) {
                c = search.fit(best.p, best.q, best.sp, best.sq, !best.constant);
                if (c.better(best)) {
                    best = c;
                    improved = true;
                }
            }
        }
        if (best.model == null) {
            throw new IllegalArgumentException("no ARIMA model could be fitted");
        }
        if (!approximation || !s.exactRefit()) {
            return best.model;
        }
        // Refit the approximate winners by exact likelihood, best first, until one is acceptable; after
        // MAX_REFITS failures keep the best approximate fit (its state still comes from the Kalman filter).
        java.util.List<Candidate> ranked = new java.util.ArrayList<>(search.results.values());
        ranked.sort(java.util.Comparator.comparingDouble(Candidate::criterion));
        Search exactSearch = new Search(y, m, d, bigD, base, allowDrift, allowMean, ArimaFitter.Method.CSS_ML, s);
        int tries = 0;
        for (Candidate r : ranked) {
            if (r.model == null || tries++ >= MAX_REFITS) {
                break;
            }
            Candidate exact = exactSearch.fit(r.p, r.q, r.sp, r.sq, r.constant);
            if (exact.model != null) {
                return exact.model;
            }
        }
        return best.model;
    }

    /** Exact-likelihood refits tried after an approximate search before settling for the approximate winner. */
    private static final int MAX_REFITS = 3;

    private record Candidate(int p, int q, int sp, int sq, boolean constant, ArimaPredictor model, double criterion) {
        boolean better(Candidate other) {
            return criterion < other.criterion;
        }
    }

    private static final class Search {
        private final double[] y;
        private final int m;
        private final int d;
        private final int bigD;
        private final Regressors base;
        private final boolean allowDrift;
        private final boolean allowMean;
        private final ArimaFitter.Method method;
        final Map<String, Candidate> results = new HashMap<>();

        Search(double[] y, int m, int d, int bigD, Regressors base, boolean allowDrift, boolean allowMean,
               ArimaFitter.Method method, Settings s) {
            this.y = y;
            this.m = m;
            this.d = d;
            this.bigD = bigD;
            this.base = base;
            this.allowDrift = allowDrift;
            this.allowMean = allowMean;
            this.method = method;
        }

        int size() {
            return results.size();
        }

        boolean seen(int p, int q, int sp, int sq, boolean constant) {
            return results.containsKey(key(p, q, sp, sq, constant));
        }

        private static String key(int p, int q, int sp, int sq, boolean constant) {
            return p + "," + q + "," + sp + "," + sq + "," + constant;
        }

        Candidate fit(int p, int q, int sp, int sq, boolean constant) {
            String key = key(p, q, sp, sq, constant);
            Candidate cached = results.get(key);
            if (cached != null) {
                return cached;
            }
            ArimaOrder order = new ArimaOrder(p, d, q, sp, bigD, sq, m);
            Regressors reg = base;
            if (constant && allowMean) {
                reg = new Regressors(true, false, base.periods(), base.harmonics());
            } else if (constant && allowDrift) {
                reg = new Regressors(false, true, base.periods(), base.harmonics());
            }
            ArimaPredictor model = null;
            double criterion = Double.POSITIVE_INFINITY;
            try {
                model = ArimaFitter.fit(y, order, reg, method, true);
                criterion = model.aicc();
                if (!Double.isFinite(criterion) || !model.rootsOutside(1.01)) {
                    criterion = Double.POSITIVE_INFINITY;
                    model = null;
                }
            } catch (RuntimeException e) {
                model = null;
            }
            Candidate c = new Candidate(p, q, sp, sq, constant, model, criterion);
            results.put(key, c);
            return c;
        }
    }
}
