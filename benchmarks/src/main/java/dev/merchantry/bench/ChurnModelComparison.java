package dev.merchantry.bench;

import dev.merchantry.plugins.profiling.clv.BgNbd;
import dev.merchantry.plugins.profiling.clv.ClvFitter;
import dev.merchantry.plugins.profiling.clv.MbgNbd;
import dev.merchantry.plugins.profiling.clv.RepeatPurchaseModel;
import dev.merchantry.plugins.profiling.core.Parallel;
import dev.merchantry.testkit.OfflineContext;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.Locale;

/**
 * BG/NBD against MBG/NBD on simulated CDNOW-like shops: customers whose first purchase falls in the first 12 weeks,
 * 39 calibration weeks, 39 holdout weeks (the design of Fader, Hardie &amp; Lee 2005). The buying story is either
 * BG/NBD with the CDNOW estimates (r 0.243, α 4.414, a 0.793, b 2.426; drop-out only after repeat purchases) or
 * MBG/NBD with BTYDplus's CDNOW estimates (r 0.525, α 6.183, a 0.891, b 1.614; drop-out after every purchase). Both
 * models are fitted by maximum likelihood on the calibration period and predict each customer's holdout purchases.
 * Prints per seed and truth: holdout MAE per customer and the error of the total; then, for one-time buyers of the
 * first seed, the mean churn risk (1 − P(alive)) each model gives by weeks since the only order, next to the share
 * of those buyers who bought nothing in the holdout.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.merchantry.bench.ChurnModelComparison [--customers N]
 *      [--seeds K]</pre>
 */
public final class ChurnModelComparison {

    private static final double CALIBRATION_WEEKS = 39;
    private static final double HOLDOUT_WEEKS = 39;

    private record Shop(int[] x, double[] tx, double[] t, int[] holdout) {
    }

    private ChurnModelComparison() {
    }

    public static void main(String[] args) {
        int customers = 10_000;
        int seeds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ChurnModelComparison [--customers N] [--seeds K]");
                    System.exit(2);
                }
            }
        }
        try (Parallel parallel = Parallel.on(OfflineContext.at(java.time.Instant.now()))) {
            System.out.printf(Locale.ROOT, "%-8s %4s %10s %10s %10s %10s %10s %10s%n", "truth", "seed", "actual",
                    "bg_pred", "mbg_pred", "bg_mae", "mbg_mae", "mbg/bg");
            for (RepeatPurchaseModel truth : new RepeatPurchaseModel[] {BgNbd.CDNOW, MbgNbd.CDNOW}) {
                double bgSum = 0;
                double mbgSum = 0;
                for (int seed = 1; seed <= seeds; seed++) {
                    Shop shop = simulate(truth, customers, new Well19937c(seed));
                    BgNbd bg = ClvFitter.fitBgNbd(shop.x, shop.tx, shop.t, customers, parallel).model();
                    MbgNbd mbg = ClvFitter.fitMbgNbd(shop.x, shop.tx, shop.t, customers, parallel).model();
                    double[] b = holdoutErrors(bg, shop);
                    double[] m = holdoutErrors(mbg, shop);
                    bgSum += b[1];
                    mbgSum += m[1];
                    System.out.printf(Locale.ROOT, "%-8s %4d %10.0f %10.1f %10.1f %10.4f %10.4f %10.4f%n", name(truth),
                            seed, b[2], b[0], m[0], b[1], m[1], m[1] / b[1]);
                }
                System.out.printf(Locale.ROOT, "%-8s mean MAE: BG/NBD %.4f, MBG/NBD %.4f (ratio %.4f)%n%n", name(truth),
                        bgSum / seeds, mbgSum / seeds, mbgSum / bgSum);
            }
            Shop shop = simulate(BgNbd.CDNOW, customers, new Well19937c(1));
            BgNbd bg = ClvFitter.fitBgNbd(shop.x, shop.tx, shop.t, customers, parallel).model();
            MbgNbd mbg = ClvFitter.fitMbgNbd(shop.x, shop.tx, shop.t, customers, parallel).model();
            System.out.println("one-time buyers of the BG/NBD-simulated shop, seed 1, by weeks since the only order:");
            System.out.printf(Locale.ROOT, "%-10s %6s %12s %12s %18s%n", "weeks", "buyers", "bg_churn", "mbg_churn",
                    "no_holdout_buy");
            for (int from = 27; from < 39; from += 3) {
                int count = 0;
                int none = 0;
                double bgRisk = 0;
                double mbgRisk = 0;
                for (int i = 0; i < customers; i++) {
                    if (shop.x[i] == 0 && shop.t[i] >= from && shop.t[i] < from + 3) {
                        count++;
                        none += shop.holdout[i] == 0 ? 1 : 0;
                        bgRisk += 1 - bg.probabilityAlive(0, 0, shop.t[i]);
                        mbgRisk += 1 - mbg.probabilityAlive(0, 0, shop.t[i]);
                    }
                }
                System.out.printf(Locale.ROOT, "%-10s %6d %12.4f %12.4f %18.4f%n", from + "-" + (from + 3), count,
                        bgRisk / count, mbgRisk / count, (double) none / count);
            }
            System.out.println("fitted BG/NBD " + bg + "\nfitted MBG/NBD " + mbg);
        }
    }

    private static String name(RepeatPurchaseModel m) {
        return m instanceof MbgNbd ? "MBG/NBD" : "BG/NBD";
    }

    /** {predicted total, MAE per customer, actual total} of the holdout. */
    private static double[] holdoutErrors(RepeatPurchaseModel m, Shop shop) {
        double predicted = 0;
        double actual = 0;
        double absolute = 0;
        for (int i = 0; i < shop.x.length; i++) {
            double e = m.expectedPurchases(HOLDOUT_WEEKS, shop.x[i], shop.tx[i], shop.t[i]);
            predicted += e;
            actual += shop.holdout[i];
            absolute += Math.abs(e - shop.holdout[i]);
        }
        return new double[] {predicted, absolute / shop.x.length, actual};
    }

    /**
     * The story of {@code truth}: rate λ ~ Gamma(r, α), drop-out p ~ Beta(a, b) checked after every repeat purchase
     * (BG/NBD) or after every purchase including the first (MBG/NBD).
     */
    private static Shop simulate(RepeatPurchaseModel truth, int n, RandomGenerator rng) {
        GammaDistribution rate = new GammaDistribution(rng, truth.r(), 1 / truth.alpha());
        BetaDistribution dropout = new BetaDistribution(rng, truth.a(), truth.b());
        boolean afterFirst = truth instanceof MbgNbd;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        int[] holdout = new int[n];
        for (int i = 0; i < n; i++) {
            double lambda = rate.sample();
            double p = dropout.sample();
            double first = 12 * rng.nextDouble();
            t[i] = CALIBRATION_WEEKS - first;
            double end = t[i] + HOLDOUT_WEEKS;
            if (afterFirst && rng.nextDouble() < p) {
                continue;
            }
            double now = 0;
            while (true) {
                now += -Math.log(1 - rng.nextDouble()) / lambda;
                if (now > end) {
                    break;
                }
                if (now <= t[i]) {
                    x[i]++;
                    tx[i] = now;
                } else {
                    holdout[i]++;
                }
                if (rng.nextDouble() < p) {
                    break;
                }
            }
        }
        return new Shop(x, tx, t, holdout);
    }
}
