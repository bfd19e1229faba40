package dev.merchantry.plugins.profiling.clv;

import dev.merchantry.plugins.profiling.core.CustomerTable;
import dev.merchantry.plugins.profiling.core.Parallel;
import dev.merchantry.plugins.profiling.core.ProfilingSettings;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fits the purchase model ({@code clv_model}: MBG/NBD by default, or BG/NBD) and Gamma-Gamma to a shop's buyers and
 * scores every buyer: P(alive), expected purchases in 90 days and in the configured horizon, expected order value
 * and the discounted value of the next 365 days.
 *
 * <p>The fits use a seeded random sample of at most {@code fit_sample} buyers: maximum likelihood on a simple
 * random sample is consistent, and beyond ~10⁵ customers the sampling error of the parameters is far below the
 * model's own misspecification, while the cost of an evaluation grows with every customer. Shops too small to
 * identify the parameters (fewer than {@link #MIN_FIT_CUSTOMERS} buyers, or no repeat buyer) fall back to the
 * published CDNOW estimates of the chosen model, with α converted to the time unit and γ rescaled so the mean order
 * value is the shop's own; metrics {@code bgnbd_fitted} / {@code gg_fitted} say which happened. A fitted model
 * whose expectations cannot be evaluated (a hypergeometric series that does not converge) is replaced by the same
 * fallback, with {@code bgnbd_rejected} = 1, rather than failing the whole profiling job. Two shop-level metrics
 * sum the scores: {@code clv_expected_purchases_90d} (expected purchases of all buyers in the next 90 days) and
 * {@code clv_likely_gone} (buyers whose P(alive) is below one half).
 */
public final class ClvScorer {

    public static final int MIN_FIT_CUSTOMERS = 20;
    /** Months of 365/12 days summed for value_365d. */
    static final int MONTHS = 12;

    /** Fitted models and per-customer scores (NaN for customers without orders). */
    public record Result(RepeatPurchaseModel purchases, GammaGamma gammaGamma, Map<String, Double> metrics,
                         float[] expected90, float[] pAlive, float[] orderValue, float[] value365,
                         float[] expectedHorizon) {
    }

    private ClvScorer() {
    }

    public static Result score(CustomerTable t, int[] buyers, ProfilingSettings settings, RandomGenerator random,
                               Parallel parallel) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        int[] sample = sample(buyers, settings.fitSample(), random);
        int n = sample.length;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        long repeaters = 0;
        for (int k = 0; k < n; k++) {
            int i = sample[k];
            x[k] = t.x[i];
            tx[k] = t.tx[i];
            age[k] = t.t[i];
            repeaters += t.x[i] > 0 ? 1 : 0;
        }
        boolean modified = !ProfilingSettings.BG_NBD.equals(settings.clvModel());
        RepeatPurchaseModel prior = prior(modified, settings.unitDays());
        RepeatPurchaseModel purchases = null;
        if (n >= MIN_FIT_CUSTOMERS && repeaters > 0) {
            try {
                ClvFitter.Fit<RepeatPurchaseModel> fit = ClvFitter.fit(prior, x, tx, age, n, parallel);
                purchases = fit.model();
                metrics.put("bgnbd_log_likelihood", fit.logLikelihood());
                metrics.put("bgnbd_customers", (double) n);
                metrics.put("bgnbd_evaluations", (double) fit.evaluations());
            } catch (IllegalArgumentException | MathIllegalStateException e) {
                purchases = null;
            }
        }
        metrics.put("bgnbd_fitted", purchases == null ? 0.0 : 1.0);
        metrics.put("mbgnbd", modified ? 1.0 : 0.0);
        if (purchases == null) {
            purchases = prior;
        }

        // Gamma-Gamma on the sampled buyers with repeat orders of positive mean value.
        int m = 0;
        int[] gx = new int[n];
        double[] gm = new double[n];
        for (int k = 0; k < n; k++) {
            int i = sample[k];
            if (t.x[i] > 0 && t.repeatMean[i] > 0) {
                gx[m] = t.x[i];
                gm[m] = t.repeatMean[i];
                m++;
            }
        }
        double orders = 0;
        double revenue = 0;
        for (int i : buyers) {
            orders += t.orders[i];
            revenue += Math.max(0, t.revenue[i]);
        }
        double meanOrderValue = orders > 0 ? revenue / orders : 0;
        GammaGamma gg = null;
        if (m >= MIN_FIT_CUSTOMERS) {
            try {
                ClvFitter.Fit<GammaGamma> fit = ClvFitter.fitGammaGamma(gx, gm, m, parallel);
                gg = fit.model();
                metrics.put("gg_log_likelihood", fit.logLikelihood());
                metrics.put("gg_customers", (double) m);
            } catch (IllegalArgumentException | MathIllegalStateException e) {
                gg = null;
            }
        }
        metrics.put("gg_fitted", gg == null ? 0.0 : 1.0);
        if (gg == null) {
            GammaGamma c = GammaGamma.CDNOW;
            gg = new GammaGamma(c.p(), c.q(), Math.max(1e-9, meanOrderValue) * (c.q() - 1) / c.p());
        }
        // Without a finite population mean (q ≤ 1), first-time buyers get the shop's observed mean order value.
        double newCustomerValue = gg.q() > 1 ? gg.populationMean() : meanOrderValue;
        Scores scores;
        try {
            scores = scoreBuyers(t, buyers, settings, purchases, gg, newCustomerValue, parallel);
            metrics.put("bgnbd_rejected", 0.0);
        } catch (ArithmeticException e) {
            purchases = prior;
            metrics.put("bgnbd_fitted", 0.0);
            metrics.put("bgnbd_rejected", 1.0);
            scores = scoreBuyers(t, buyers, settings, purchases, gg, newCustomerValue, parallel);
        }
        // The shop-level figures a merchant reads first (the console's training summary), summed in buyer order.
        double expected90 = 0;
        long likelyGone = 0;
        for (int i : buyers) {
            expected90 += scores.e90[i];
            likelyGone += scores.alive[i] < 0.5f ? 1 : 0;
        }
        metrics.put("clv_expected_purchases_90d", expected90);
        metrics.put("clv_likely_gone", (double) likelyGone);
        metrics.put("bgnbd_r", purchases.r());
        metrics.put("bgnbd_alpha", purchases.alpha());
        metrics.put("bgnbd_a", purchases.a());
        metrics.put("bgnbd_b", purchases.b());
        metrics.put("gg_p", gg.p());
        metrics.put("gg_q", gg.q());
        metrics.put("gg_gamma", gg.gamma());
        return new Result(purchases, gg, metrics, scores.e90, scores.alive, scores.eov, scores.v365, scores.eh);
    }

    /** The published CDNOW estimates of the chosen model, α converted from weeks to the time unit. */
    static RepeatPurchaseModel prior(boolean modified, double unitDays) {
        RepeatPurchaseModel c = modified ? MbgNbd.CDNOW : BgNbd.CDNOW;
        return c.withParameters(c.r(), c.alpha() * 7 / unitDays, c.a(), c.b());
    }

    private record Scores(float[] e90, float[] alive, float[] eov, float[] v365, float[] eh) {
    }

    private static Scores scoreBuyers(CustomerTable t, int[] buyers, ProfilingSettings settings,
                                      RepeatPurchaseModel model, GammaGamma spend, double newCustomerValue,
                                      Parallel parallel) {
        int size = t.size;
        float[] e90 = filledNaN(size);
        float[] alive = filledNaN(size);
        float[] eov = filledNaN(size);
        float[] v365 = filledNaN(size);
        float[] eh = filledNaN(size);
        double unit = settings.unitDays();
        double monthly = Math.pow(1 + settings.discountRate(), -1.0 / MONTHS);
        double h90 = 90 / unit;
        double hExtra = settings.horizonDays() / unit;
        parallel.forRange(buyers.length, (from, to) -> {
            for (int k = from; k < to; k++) {
                int i = buyers[k];
                int xi = t.x[i];
                double txi = t.tx[i];
                double ti = t.t[i];
                alive[i] = (float) model.probabilityAlive(xi, txi, ti);
                e90[i] = (float) model.expectedPurchases(h90, xi, txi, ti);
                eh[i] = (float) model.expectedPurchases(hExtra, xi, txi, ti);
                double value = xi > 0 && t.repeatMean[i] > 0 ? spend.expectedOrderValue(xi, t.repeatMean[i])
                        : xi > 0 ? spend.expectedOrderValue(xi, 0) : newCustomerValue;
                eov[i] = (float) value;
                double previous = 0;
                double discounted = 0;
                double factor = 1;
                for (int month = 1; month <= MONTHS; month++) {
                    double cumulative = model.expectedPurchases(365.0 / MONTHS * month / unit, xi, txi, ti);
                    factor *= monthly;
                    discounted += (cumulative - previous) * factor;
                    previous = cumulative;
                }
                v365[i] = (float) (discounted * value);
            }
        });
        return new Scores(e90, alive, eov, v365, eh);
    }

    /** The first min(n, size) entries of a seeded Fisher–Yates shuffle of {@code buyers} (a copy). */
    static int[] sample(int[] buyers, int size, RandomGenerator random) {
        int[] copy = buyers.clone();
        int n = Math.min(size, copy.length);
        if (n == copy.length) {
            return copy;
        }
        for (int k = 0; k < n; k++) {
            int j = k + random.nextInt(copy.length - k);
            int tmp = copy[k];
            copy[k] = copy[j];
            copy[j] = tmp;
        }
        return Arrays.copyOf(copy, n);
    }

    private static float[] filledNaN(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
