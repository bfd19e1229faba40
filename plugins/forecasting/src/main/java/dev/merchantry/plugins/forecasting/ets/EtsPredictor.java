package dev.merchantry.plugins.forecasting.ets;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fitted ETS model: smoothing parameters, final states and σ². Point forecasts follow the recursions (as the
 * forecast package). Intervals: for the linear models (additive error, no multiplicative season) the exact normal
 * ones, σ_h² = σ²(1 + Σ_{j<h} c_j²) with c_j = w F^{j−1} g (Hyndman et al. 2008, ch. 6); for the others quantiles
 * of {@value #PATHS} simulated sample paths drawn from a generator seeded by the model's seed, so equal models
 * give equal intervals.
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
        EtsState s = state();
        double[] mean = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            mean[h - 1] = s.forecast(h);
        }
        if (spec.additiveClass()) {
            return Prediction.gaussian(mean, analyticSd(horizon), levels);
        }
        return simulated(mean, levels);
    }

    private double[] analyticSd(int horizon) {
        // State x = (l, b, s_1 … s_m); c_j = w F^{j−1} g.
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
        double[] sd = new double[horizon];
        double sum = 0;
        double[] next = new double[dim];
        for (int h = 1; h <= horizon; h++) {
            sd[h - 1] = Math.sqrt(sigma2 * (1 + sum));
            // c_h = w·v, then v ← F v
            double c = v[0] + (trended ? phi * v[1] : 0) + (seasonal ? v[so + m - 1] : 0);
            sum += c * c;
            next[0] = v[0] + (trended ? phi * v[1] : 0);
            if (trended) {
                next[1] = phi * v[1];
            }
            if (seasonal) {
                next[so] = v[so + m - 1];
                for (int j = 1; j < m; j++) {
                    next[so + j] = v[so + j - 1];
                }
            }
            System.arraycopy(next, 0, v, 0, dim);
        }
        return sd;
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
