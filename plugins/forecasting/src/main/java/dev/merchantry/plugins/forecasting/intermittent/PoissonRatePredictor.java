package dev.merchantry.plugins.forecasting.intermittent;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A discounted Poisson rate for intermittent demand: the local-level count model of Harvey &amp; Fernandes (1989,
 * "Time series models for count or qualitative observations", JBES 7) with an exposure. Demand in period t is
 * taken as Poisson with mean e_t·λ_t, where e_t is a known exposure (a seasonal index, times the level of the
 * product's group when there is one) and λ_t a slowly moving rate; discounting old periods by ω per period gives
 *
 * <pre>a_t = ω a_{t−1} + y_t,   b_t = ω b_{t−1} + e_t,   λ̂_T = a_T / b_T</pre>
 *
 * the mean of the gamma posterior of the rate. Unlike Croston's method, which updates only when a demand occurs,
 * every period updates the estimate (as in TSB, Teunter, Syntetos &amp; Babai 2011): periods without demand lower
 * the rate, so it follows a product that stops selling, and the estimate is a ratio of counts to exposure rather
 * than the inverse of a few smoothed intervals, so it is not inflated when only two or three sales are known.
 *
 * <p>The discount ω is chosen per series: the value on a grid over (0.5, 0.9999) whose one-step-ahead forecasts
 * e_t·a_{t−1}/b_{t−1} have the smallest Poisson deviance (a quasi-likelihood criterion, as a smoothing parameter is
 * chosen by its one-step errors in exponential smoothing; unlike the negative-binomial likelihood of the model it
 * is not pulled towards small ω by orders of several units). The filter starts from Harvey &amp; Fernandes'
 * diffuse prior (a = b = 0); unobserved periods (NaN) discount the past without adding exposure.
 *
 * <p>Intervals are those of {@link CrostonPredictor}: a period has demand with probability min(1, m/z̄), m the
 * per-period mean and z̄ the mean of the last {@value CrostonPredictor#MAX_SIZES} non-zero (adjusted) demands, and
 * then a size drawn from them; the bounds are quantiles of that mixture.
 */
public final class PoissonRatePredictor implements Predictor {

    public static final String KIND = "poisson-rate";
    /** Largest 1 − ω tried: half the weight on the last period. */
    static final double MAX_FORGETTING = 0.5;
    /** Smallest 1 − ω tried: a memory of 10,000 periods, in practice the plain ratio of all counts to exposure. */
    static final double MIN_FORGETTING = 1e-4;
    /** Grid steps per factor e of 1 − ω. */
    private static final int STEPS_PER_E = 10;

    private final double mean;
    private final double discount;
    private final boolean groupLevel;
    private final double[] sizes;

    PoissonRatePredictor(double mean, double discount, boolean groupLevel, double[] sizes) {
        this.mean = mean;
        this.discount = discount;
        this.groupLevel = groupLevel;
        this.sizes = sizes;
    }

    /**
     * Fits the rate of {@code y} per unit of {@code exposure} (same length, positive where y is observed) and
     * forecasts {@code exposureAhead} times it per period: 1 when the exposure is a seasonal index alone (the index
     * ahead is applied outside), the group's level at the end of the history when the exposure includes it.
     * {@code sizes} are the non-zero demands on the forecast's scale, for the intervals.
     */
    public static PoissonRatePredictor fit(double[] y, double[] exposure, double exposureAhead, boolean groupLevel,
                                           double[] sizes) {
        double w = discount(y, exposure);
        double[] ab = filter(y, exposure, w);
        double rate = ab[1] > 0 ? ab[0] / ab[1] : 0;
        List<Double> s = new ArrayList<>();
        for (double v : sizes) {
            if (v > 0 && Double.isFinite(v)) {
                s.add(v);
            }
        }
        int from = Math.max(0, s.size() - CrostonPredictor.MAX_SIZES);
        double[] last = new double[s.size() - from];
        for (int i = from; i < s.size(); i++) {
            last[i - from] = s.get(i);
        }
        Arrays.sort(last);
        return new PoissonRatePredictor(rate * exposureAhead, w, groupLevel, last);
    }

    /**
     * The final (a, b) of the discounted filter with discount {@code w} (a, b = 0 before the first period: Harvey &amp;
     * Fernandes' diffuse prior, so periods without demand before the first one count as exposure).
     */
    public static double[] filter(double[] y, double[] exposure, double w) {
        double[] ab = new double[2];
        for (int t = 0; t < y.length; t++) {
            step(ab, y[t], exposure[t], w);
        }
        return ab;
    }

    /** The filtered rate a_t/b_t after each period (0 before the first demand): a group's level path. */
    public static double[] levels(double[] y, double[] exposure, double w) {
        double[] out = new double[y.length];
        double[] ab = new double[2];
        for (int t = 0; t < y.length; t++) {
            step(ab, y[t], exposure[t], w);
            out[t] = ab[0] > 0 ? ab[0] / ab[1] : 0;
        }
        return out;
    }

    /** One period: discount the past; an observed period adds its demand and exposure. */
    private static void step(double[] ab, double y, double e, double w) {
        ab[0] *= w;
        ab[1] *= w;
        if (!Double.isNaN(y)) {
            ab[0] += y;
            ab[1] += e;
        }
    }

    /** The discount whose one-step-ahead forecasts have the smallest Poisson deviance (grid in log(1 − ω)). */
    public static double discount(double[] y, double[] exposure) {
        double best = Double.POSITIVE_INFINITY;
        double bestW = 1 - MIN_FORGETTING;
        int steps = (int) Math.round(Math.log(MAX_FORGETTING / MIN_FORGETTING) * STEPS_PER_E);
        for (int i = 0; i <= steps; i++) {
            double w = 1 - MIN_FORGETTING * Math.exp((double) i / STEPS_PER_E);
            double d = oneStepDeviance(y, exposure, w);
            if (d < best) {
                best = d;
                bestW = w;
            }
        }
        return bestW;
    }

    /**
     * Σ 2[y log(y/μ) − (y − μ)] over the observed periods once a demand has been seen, μ_t = e_t a_{t−1}/b_{t−1}
     * (the likelihood of the diffuse-prior filter starts there too).
     */
    static double oneStepDeviance(double[] y, double[] exposure, double w) {
        double[] ab = new double[2];
        double d = 0;
        for (int t = 0; t < y.length; t++) {
            if (ab[0] > 0 && !Double.isNaN(y[t])) {
                double mu = exposure[t] * ab[0] / ab[1];
                d += 2 * ((y[t] > 0 ? y[t] * Math.log(y[t] / mu) : 0) - (y[t] - mu));
            }
            step(ab, y[t], exposure[t], w);
        }
        return d;
    }

    /** The discount ω the fit chose. */
    public double discount() {
        return discount;
    }

    @Override
    public String description() {
        return String.format(java.util.Locale.ROOT, "Poisson rate (discount %.4f%s)", discount,
                groupLevel ? ", share of the group's level" : "");
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        double[] m = new double[horizon];
        Arrays.fill(m, mean);
        double[][] lo = new double[levels.length][horizon];
        double[][] hi = new double[levels.length][horizon];
        double pi = sizes.length == 0 ? 0 : Math.min(1, mean / average(sizes));
        for (int l = 0; l < levels.length; l++) {
            double tail = (100 - levels[l]) / 200;
            Arrays.fill(lo[l], CrostonPredictor.mixtureQuantile(sizes, tail, pi));
            Arrays.fill(hi[l], CrostonPredictor.mixtureQuantile(sizes, 1 - tail, pi));
        }
        return new Prediction(m, levels, lo, hi);
    }

    private static double average(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("demand_per_period", mean);
        m.put("discount", discount);
        m.put("memory_periods", 1 / (1 - discount));
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeDouble(mean).writeDouble(discount).writeBoolean(groupLevel).writeDoubles(sizes);
    }

    public static PoissonRatePredictor read(ModelReader in) {
        double mean = in.readDouble();
        double w = in.readDouble();
        boolean group = in.readBoolean();
        double[] sizes = in.readDoubles();
        if (!(mean >= 0) || !(w > 0 && w < 1)) {
            throw new ModelFormatException("corrupt Poisson rate model");
        }
        return new PoissonRatePredictor(mean, w, group, sizes);
    }
}
