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
 * Fits BG/NBD and Gamma-Gamma to a shop's buyers and scores every buyer: P(alive), expected purchases in 90 days
 * and in the configured horizon, expected order value and the discounted value of the next 365 days.
 *
 * <p>The fits use a seeded random sample of at most {@code fit_sample} buyers: maximum likelihood on a simple
 * random sample is consistent, and beyond ~10⁵ customers the sampling error of the parameters is far below the
 * model's own misspecification, while the cost of an evaluation grows with every customer. Shops too small to
 * identify the parameters (fewer than {@link #MIN_FIT_CUSTOMERS} buyers, or no repeat buyer) fall back to the
 * published CDNOW estimates, with α converted to the time unit and γ rescaled so the mean order value is the
 * shop's own; metrics {@code bgnbd_fitted} / {@code gg_fitted} say which happened.
 */
public final class ClvScorer {

    public static final int MIN_FIT_CUSTOMERS = 20;
    /** Months of 365/12 days summed for value_365d. */
    static final int MONTHS = 12;

    /** Fitted models and per-customer scores (NaN for customers without orders). */
    public record Result(BgNbd bgNbd, GammaGamma gammaGamma, Map<String, Double> metrics, float[] expected90,
                         float[] pAlive, float[] orderValue, float[] value365, float[] expectedHorizon) {
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
        BgNbd bgNbd = null;
        if (n >= MIN_FIT_CUSTOMERS && repeaters > 0) {
            try {
                ClvFitter.Fit<BgNbd> fit = ClvFitter.fitBgNbd(x, tx, age, n, parallel);
                bgNbd = fit.model();
                metrics.put("bgnbd_log_likelihood", fit.logLikelihood());
                metrics.put("bgnbd_customers", (double) n);
                metrics.put("bgnbd_evaluations", (double) fit.evaluations());
            } catch (IllegalArgumentException | MathIllegalStateException e) {
                bgNbd = null;
            }
        }
        metrics.put("bgnbd_fitted", bgNbd == null ? 0.0 : 1.0);
        if (bgNbd == null) {
            bgNbd = new BgNbd(BgNbd.CDNOW.r(), BgNbd.CDNOW.alpha() * 7 / settings.unitDays(), BgNbd.CDNOW.a(), BgNbd.CDNOW.b());
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
        metrics.put("bgnbd_r", bgNbd.r());
        metrics.put("bgnbd_alpha", bgNbd.alpha());
        metrics.put("bgnbd_a", bgNbd.a());
        metrics.put("bgnbd_b", bgNbd.b());
        metrics.put("gg_p", gg.p());
        metrics.put("gg_q", gg.q());
        metrics.put("gg_gamma", gg.gamma());
        // Without a finite population mean (q ≤ 1), first-time buyers get the shop's observed mean order value.
        double newCustomerValue = gg.q() > 1 ? gg.populationMean() : meanOrderValue;

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
        final BgNbd model = bgNbd;
        final GammaGamma spend = gg;
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
        return new Result(bgNbd, gg, metrics, e90, alive, eov, v365, eh);
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
