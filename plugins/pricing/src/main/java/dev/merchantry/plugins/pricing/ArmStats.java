package dev.merchantry.plugins.pricing;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import org.apache.commons.math3.distribution.GammaDistribution;

import java.util.Arrays;

/**
 * What an agent knows about each candidate price: its Gamma(α₀, β₀) prior on units per period and the periods,
 * units and revenue observed there. Immutable. The posterior is conjugate (Poisson likelihood): after n periods with
 * u units in total, α = α₀ + u and β = β₀ + n.
 */
final class ArmStats {

    final double[] prices;
    final double[] priorShape;
    final double[] priorRate;
    final long[] periods;
    final double[] units;
    final double[] revenue;

    ArmStats(double[] prices, double[] priorShape, double[] priorRate, long[] periods, double[] units, double[] revenue) {
        this.prices = prices;
        this.priorShape = priorShape;
        this.priorRate = priorRate;
        this.periods = periods;
        this.units = units;
        this.revenue = revenue;
    }

    /** Fresh statistics with the same prior at every candidate. */
    static ArmStats fresh(double[] prices, double shape, double rate) {
        int k = prices.length;
        double[] a = new double[k];
        double[] b = new double[k];
        Arrays.fill(a, shape);
        Arrays.fill(b, rate);
        return new ArmStats(prices.clone(), a, b, new long[k], new double[k], new double[k]);
    }

    int size() {
        return prices.length;
    }

    double shape(int k) {
        return priorShape[k] + units[k];
    }

    double rate(int k) {
        return priorRate[k] + periods[k];
    }

    /** The posterior is proper (a Gamma with positive rate); with an improper prior, once the price was tried. */
    boolean informed(int k) {
        return rate(k) > 0;
    }

    /** Posterior mean of units per period; NaN while nothing is known. */
    double meanUnits(int k) {
        return informed(k) ? shape(k) / rate(k) : Double.NaN;
    }

    /** Sample mean of units per period; NaN before the first observation. */
    double observedUnits(int k) {
        return periods[k] > 0 ? units[k] / periods[k] : Double.NaN;
    }

    long totalPeriods() {
        long n = 0;
        for (long p : periods) {
            n += p;
        }
        return n;
    }

    /** The q-quantile of the posterior of units per period; NaN while nothing is known. */
    double quantile(int k, double q) {
        if (!informed(k)) {
            return Double.NaN;
        }
        return new GammaDistribution(null, shape(k), 1 / rate(k), GammaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY)
                .inverseCumulativeProbability(q);
    }

    /** The statistics after one more period at candidate {@code k}. */
    ArmStats observe(int k, double soldUnits, double takenRevenue) {
        long[] n = periods.clone();
        double[] u = units.clone();
        double[] r = revenue.clone();
        n[k]++;
        u[k] += soldUnits;
        r[k] += takenRevenue;
        return new ArmStats(prices, priorShape, priorRate, n, u, r);
    }

    /** The same statistics with another prior (e.g. one built from a demand forecast). */
    ArmStats withPrior(double[] shape, double[] rate) {
        return new ArmStats(prices, shape.clone(), rate.clone(), periods, units, revenue);
    }

    void write(ModelWriter w) {
        w.writeDoubles(prices).writeDoubles(priorShape).writeDoubles(priorRate);
        w.writeInt(periods.length);
        for (long p : periods) {
            w.writeLong(p);
        }
        w.writeDoubles(units).writeDoubles(revenue);
    }

    static ArmStats read(ModelReader r) {
        double[] prices = r.readDoubles();
        double[] shape = r.readDoubles();
        double[] rate = r.readDoubles();
        int n = r.readInt();
        if (n != prices.length || shape.length != n || rate.length != n) {
            throw new ModelFormatException("corrupt pricing state: arrays of different lengths");
        }
        long[] periods = new long[n];
        for (int i = 0; i < n; i++) {
            periods[i] = r.readLong();
        }
        double[] units = r.readDoubles();
        double[] revenue = r.readDoubles();
        if (units.length != n || revenue.length != n || n < 1) {
            throw new ModelFormatException("corrupt pricing state: arrays of different lengths");
        }
        return new ArmStats(prices, shape, rate, periods, units, revenue);
    }
}
