package dev.merchantry.plugins.forecasting.ets;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fitted ETS model: smoothing parameters, final states and σ². Forecast means and variances are the analytic
 * ones of Hyndman et al. (2008, ch. 6), as the forecast package computes them: class 1 (linear models:
 * σ_h² = σ²(1 + Σ_{j<h} c_j²), c_j = w F^{j−1} g), class 2 (multiplicative error, additive or no season) and
 * class 3 (multiplicative error and season, whose mean departs from the point forecast beyond one season), with
 * normal intervals. Should a variance come out unusable, the intervals are quantiles of {@value #PATHS} simulated
 * sample paths from a generator seeded by the model's seed, so equal models give equal intervals.
 */
public final class EtsPredictor implements Predictor {

    public static final String KIND = "ets";
    static final int PATHS = 2000;

    private final EtsSpec spec;
    private final double[] par;
    private final double level;
    private final double trend;
    private final double[] seasons;
    private final double sigma2;
    private final double loglik;
    private final double aic;
    private final double aicc;
    private final double bic;
    private final long seed;

    EtsPredictor(EtsSpec spec, double[] par, double level, double trend, double[] seasons, double sigma2,
                 double loglik, double aic, double aicc, double bic, long seed) {
        this.spec = spec;
        this.par = par;
        this.level = level;
        this.trend = trend;
        this.seasons = seasons;
        this.sigma2 = sigma2;
        this.loglik = loglik;
        this.aic = aic;
        this.aicc = aicc;
        this.bic = bic;
        this.seed = seed;
    }

    public EtsSpec spec() {
        return spec;
    }

    /** α, β, γ, φ (β, γ 0 and φ 1 when the model has no such component). */
    public double[] parameters() {
        return par.clone();
    }

    public double sigma2() {
        return sigma2;
    }

    /** R's ets "loglik": −½·(n·log Σe² + 2Σlog|ŷ| for multiplicative errors). */
    public double loglik() {
        return loglik;
    }

    public double aicc() {
        return aicc;
    }

    private EtsState state() {
        return new EtsState(spec, par, level, trend, seasons);
    }

    @Override
    public String description() {
        return spec.toString();
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        double[] mean = pointForecasts(horizon);
        double[] variance;
        if (spec.additiveClass()) {
            variance = class1Variance(horizon);
        } else if (spec.season() != 'M') {
            variance = class2Variance(mean);
        } else {
            double[][] mv = class3(horizon);
            mean = mv[0];
            variance = mv[1];
        }
        double[] sd = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            if (!(variance[h] >= 0) || !Double.isFinite(variance[h]) || !Double.isFinite(mean[h])) {
                return simulated(pointForecasts(horizon), levels);
            }
            sd[h] = Math.sqrt(variance[h]);
        }
        return Prediction.gaussian(mean, sd, levels);
    }

    private double[] pointForecasts(int horizon) {
        EtsState s = state();
        double[] mean = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            mean[h - 1] = s.forecast(h);
        }
        return mean;
    }

    /** c_j = w F^{j−1} g of the linear model with these parameters, j = 1 … horizon. */
    private double[] linearWeights(int horizon) {
        boolean trended = spec.trended();
        boolean seasonal = spec.seasonal();
        int m = seasonal ? spec.period() : 0;
        int dim = 1 + (trended ? 1 : 0) + m;
        double phi = spec.damped() ? par[3] : 1;
        double[] v = new double[dim];
        v[0] = par[0];
        if (trended) {
            v[1] = par[1];
        }
        int so = 1 + (trended ? 1 : 0);
        if (seasonal) {
            v[so] = par[2];
        }
        double[] c = new double[horizon];
        double[] next = new double[dim];
        for (int j = 0; j < horizon; j++) {
            c[j] = v[0] + (trended ? phi * v[1] : 0) + (seasonal ? v[so + m - 1] : 0);
            next[0] = v[0] + (trended ? phi * v[1] : 0);
            if (trended) {
                next[1] = phi * v[1];
            }
            if (seasonal) {
                next[so] = v[so + m - 1];
                for (int i = 1; i < m; i++) {
                    next[so + i] = v[so + i - 1];
                }
            }
            System.arraycopy(next, 0, v, 0, dim);
        }
        return c;
    }

    /** Linear models: σ²(1 + Σ_{j<h} c_j²) (Hyndman et al. 2008, §6.2; forecast's class1). */
    private double[] class1Variance(int horizon) {
        double[] c = linearWeights(horizon);
        double[] var = new double[horizon];
        double sum = 0;
        for (int h = 0; h < horizon; h++) {
            var[h] = sigma2 * (1 + sum);
            sum += c[h] * c[h];
        }
        return var;
    }

    /** Multiplicative error, no multiplicative season: the θ recursion (Hyndman et al. 2008, §6.3; class2). */
    private double[] class2Variance(double[] mu) {
        int horizon = mu.length;
        double[] c = linearWeights(horizon);
        double[] theta = new double[horizon];
        double[] var = new double[horizon];
        for (int j = 0; j < horizon; j++) {
            double t = mu[j] * mu[j];
            for (int i = 0; i < j; i++) {
                t += sigma2 * c[i] * c[i] * theta[j - 1 - i];
            }
            theta[j] = t;
            var[j] = (1 + sigma2) * theta[j] - mu[j] * mu[j];
        }
        return var;
    }

    /**
     * Multiplicative error and season: forecast mean and variance of Hyndman et al. (2008, §6.4; forecast's
     * class3), through the (level, trend) × season product state M_h and the covariance V_h of its vectorisation.
     */
    private double[][] class3(int horizon) {
        int m = spec.period();
        int k = spec.trended() ? 2 : 1;
        double phi = spec.damped() ? par[3] : 1;
        RealMatrix f1 = k == 1 ? MatrixUtils.createRealMatrix(new double[][] {{1}})
                : MatrixUtils.createRealMatrix(new double[][] {{1, 1}, {0, phi}});
        RealMatrix g1 = k == 1 ? MatrixUtils.createRealMatrix(new double[][] {{par[0]}})
                : MatrixUtils.createRealMatrix(new double[][] {{par[0], par[0]}, {par[1], par[1]}});
        RealMatrix f2 = MatrixUtils.createRealMatrix(m, m);
        f2.setEntry(0, m - 1, 1);
        for (int i = 1; i < m; i++) {
            f2.setEntry(i, i - 1, 1);
        }
        RealMatrix g2 = MatrixUtils.createRealMatrix(m, m);
        g2.setEntry(0, m - 1, par[2]);
        double[] x1 = k == 1 ? new double[] {level} : new double[] {level, trend};
        RealMatrix mh = MatrixUtils.createColumnRealMatrix(x1).multiply(MatrixUtils.createRowRealMatrix(seasons));
        int dim = k * m;
        RealMatrix vh = MatrixUtils.createRealMatrix(dim, dim);
        RealMatrix h1 = MatrixUtils.createRowRealMatrix(k == 1 ? new double[] {1} : new double[] {1, 1});
        double[] h2v = new double[m];
        h2v[m - 1] = 1;
        RealMatrix h2 = MatrixUtils.createRowRealMatrix(h2v);
        RealMatrix h21 = kronecker(h2, h1);
        RealMatrix f21 = kronecker(f2, f1);
        RealMatrix g21 = kronecker(g2, g1);
        RealMatrix kk = kronecker(g2, f1).add(kronecker(f2, g1));
        double[] mu = new double[horizon];
        double[] var = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            mu[i] = h1.multiply(mh).multiply(h2.transpose()).getEntry(0, 0);
            var[i] = (1 + sigma2) * h21.multiply(vh).multiply(h21.transpose()).getEntry(0, 0) + sigma2 * mu[i] * mu[i];
            RealMatrix vec = MatrixUtils.createColumnRealMatrix(vectorize(mh));
            RealMatrix vv = vec.multiply(vec.transpose());
            RealMatrix inner = f21.multiply(vh).multiply(g21.transpose())
                    .add(g21.multiply(vh).multiply(f21.transpose()))
                    .add(kk.multiply(vh.add(vv)).multiply(kk.transpose()))
                    .add(g21.multiply(vh.scalarMultiply(3).add(vv.scalarMultiply(2))).multiply(g21.transpose())
                            .scalarMultiply(sigma2));
            vh = f21.multiply(vh).multiply(f21.transpose()).add(inner.scalarMultiply(sigma2));
            mh = f1.multiply(mh).multiply(f2.transpose())
                    .add(g1.multiply(mh).multiply(g2.transpose()).scalarMultiply(sigma2));
        }
        return new double[][] {mu, var};
    }

    private static RealMatrix kronecker(RealMatrix a, RealMatrix b) {
        int br = b.getRowDimension();
        int bc = b.getColumnDimension();
        RealMatrix out = MatrixUtils.createRealMatrix(a.getRowDimension() * br, a.getColumnDimension() * bc);
        for (int i = 0; i < a.getRowDimension(); i++) {
            for (int j = 0; j < a.getColumnDimension(); j++) {
                double v = a.getEntry(i, j);
                if (v == 0) {
                    continue;
                }
                for (int p = 0; p < br; p++) {
                    for (int q = 0; q < bc; q++) {
                        out.setEntry(i * br + p, j * bc + q, v * b.getEntry(p, q));
                    }
                }
            }
        }
        return out;
    }

    /** Column-major vectorisation, as R's c(matrix). */
    private static double[] vectorize(RealMatrix m) {
        double[] v = new double[m.getRowDimension() * m.getColumnDimension()];
        int c = 0;
        for (int j = 0; j < m.getColumnDimension(); j++) {
            for (int i = 0; i < m.getRowDimension(); i++) {
                v[c++] = m.getEntry(i, j);
            }
        }
        return v;
    }

    private Prediction simulated(double[] mean, double[] levels) {
        int horizon = mean.length;
        double sigma = Math.sqrt(sigma2);
        double[][] paths = new double[horizon][PATHS];
        SplittableRandom random = new SplittableRandom(seed);
        for (int p = 0; p < PATHS; p++) {
            EtsState s = state();
            for (int h = 0; h < horizon; h++) {
                double f = s.forecast(1);
                double e = sigma * gaussian(random);
                double y = spec.error() == 'A' ? f + e : f * (1 + e);
                paths[h][p] = y;
                s.update(y);
            }
        }
        double[][] lo = new double[levels.length][horizon];
        double[][] hi = new double[levels.length][horizon];
        for (int h = 0; h < horizon; h++) {
            double[] v = paths[h];
            Arrays.sort(v);
            for (int l = 0; l < levels.length; l++) {
                double tail = (100 - levels[l]) / 200;
                lo[l][h] = quantile(v, tail);
                hi[l][h] = quantile(v, 1 - tail);
            }
        }
        return new Prediction(mean, levels, lo, hi);
    }

    /** R's default (type 7) quantile of sorted values. */
    static double quantile(double[] sorted, double prob) {
        double pos = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("alpha", par[0]);
        if (spec.trended()) {
            m.put("beta", par[1]);
        }
        if (spec.seasonal()) {
            m.put("gamma", par[2]);
        }
        if (spec.damped()) {
            m.put("phi", par[3]);
        }
        m.put("sigma2", sigma2);
        m.put("loglik", loglik);
        m.put("aicc", aicc);
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeString(spec.error() + "" + spec.trend() + (spec.damped() ? "d" : "") + spec.season())
                .writeInt(spec.period()).writeDoubles(par).writeDouble(level).writeDouble(trend).writeDoubles(seasons)
                .writeDoubles(new double[] {sigma2, loglik, aic, aicc, bic}).writeLong(seed);
    }

    public static EtsPredictor read(ModelReader in) {
        String code = in.readString();
        int period = in.readInt();
        EtsSpec spec;
        try {
            spec = EtsSpec.parse(code == null ? "" : code, period);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("corrupt ETS model: " + e.getMessage());
        }
        double[] par = in.readDoubles();
        double level = in.readDouble();
        double trend = in.readDouble();
        double[] seasons = in.readDoubles();
        double[] stats = in.readDoubles();
        long seed = in.readLong();
        if (par.length != 4 || stats.length != 5 || seasons.length != (spec.seasonal() ? spec.period() : 1)) {
            throw new ModelFormatException("corrupt ETS model: inconsistent dimensions");
        }
        return new EtsPredictor(spec, par, level, trend, seasons, stats[0], stats[1], stats[2], stats[3], stats[4], seed);
    }
}
