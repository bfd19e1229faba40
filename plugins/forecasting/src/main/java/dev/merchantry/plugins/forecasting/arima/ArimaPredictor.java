package dev.merchantry.plugins.forecasting.arima;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted regression with ARIMA errors: the coefficients, the filtered state at the last observation and its
 * covariance. Forecasts iterate the state-space model (R's {@code KalmanForecast}): mean Z·a(T+h) plus the
 * regressors' future values, variance σ²·Z P(T+h) Zᵀ, normal intervals.
 */
public final class ArimaPredictor implements Predictor {

    public static final String KIND = "arima";

    private final ArimaOrder order;
    private final Regressors regressors;
    private final double[] coefficients;
    private final double[] beta;
    private final double[] phi;
    private final double[] theta;
    private final double[] delta;
    private final double[] state;
    private final double[] covariance;
    private final double sigma2;
    private final int fittedLength;
    private final double loglik;
    private final double aic;
    private final double aicc;
    private final double bic;

    ArimaPredictor(ArimaOrder order, Regressors regressors, double[] coefficients, double[] beta, double[] phi,
                   double[] theta, double[] delta, double[] state, double[] covariance, double sigma2,
                   int fittedLength, double loglik, double aic, double aicc, double bic) {
        this.order = order;
        this.regressors = regressors;
        this.coefficients = coefficients;
        this.beta = beta;
        this.phi = phi;
        this.theta = theta;
        this.delta = delta;
        this.state = state;
        this.covariance = covariance;
        this.sigma2 = sigma2;
        this.fittedLength = fittedLength;
        this.loglik = loglik;
        this.aic = aic;
        this.aicc = aicc;
        this.bic = bic;
    }

    public ArimaOrder order() {
        return order;
    }

    public Regressors regressors() {
        return regressors;
    }

    /** ar, ma, sar, sma coefficients in R's order. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** Regression coefficients, in the order of {@link Regressors#names()}. */
    public double[] regressionCoefficients() {
        return beta.clone();
    }

    public double sigma2() {
        return sigma2;
    }

    public double loglik() {
        return loglik;
    }

    public double aic() {
        return aic;
    }

    public double aicc() {
        return aicc;
    }

    public double bic() {
        return bic;
    }

    /**
     * True when every root of the AR and the MA polynomial lies outside the circle of radius {@code radius}
     * (auto.arima rejects models with a root within 1.01); a Schur–Cohn test, no root finding.
     */
    public boolean rootsOutside(double radius) {
        double[] ar = new double[phi.length + 1];
        ar[0] = 1;
        for (int i = 0; i < phi.length; i++) {
            ar[i + 1] = -phi[i];
        }
        double[] ma = new double[theta.length + 1];
        ma[0] = 1;
        System.arraycopy(theta, 0, ma, 1, theta.length);
        return dev.merchantry.plugins.forecasting.optim.Polynomials.allRootsOutside(ar, radius)
                && dev.merchantry.plugins.forecasting.optim.Polynomials.allRootsOutside(ma, radius);
    }

    /** Smallest modulus of the AR and MA polynomial roots (≥ 1 means stationary and invertible). */
    public double minRootModulus() {
        double min = Double.POSITIVE_INFINITY;
        double[] ar = new double[phi.length + 1];
        ar[0] = 1;
        for (int i = 0; i < phi.length; i++) {
            ar[i + 1] = -phi[i];
        }
        double[] ma = new double[theta.length + 1];
        ma[0] = 1;
        System.arraycopy(theta, 0, ma, 1, theta.length);
        min = Math.min(min, dev.merchantry.plugins.forecasting.optim.Polynomials.minRootModulus(ar));
        min = Math.min(min, dev.merchantry.plugins.forecasting.optim.Polynomials.minRootModulus(ma));
        return min;
    }

    @Override
    public String description() {
        List<String> names = regressors.names();
        if (regressors.hasFourier()) {
            return "Regression with " + order + " errors (" + String.join(", ", names.size() > 6
                    ? List.of(names.get(0), "…", names.get(names.size() - 1)) : names) + ")";
        }
        if (regressors.drift()) {
            return order + " with drift";
        }
        if (regressors.intercept()) {
            return order + " with non-zero mean";
        }
        return order.toString();
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        StateSpace ss = new StateSpace(phi, theta, delta);
        double[] a = state.clone();
        double[] next = new double[a.length];
        double[] pm = covariance.clone();
        double[] mean = new double[horizon];
        double[] sd = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            ss.transition(a, next);
            System.arraycopy(next, 0, a, 0, a.length);
            pm = ss.propagate(pm);
            double m = ss.observe(a);
            double[] x = regressors.row(fittedLength + h + 1);
            for (int c = 0; c < beta.length; c++) {
                m += beta[c] * x[c];
            }
            // Z P Zᵀ
            double v = 0;
            int r = ss.r;
            for (int i = 0; i < a.length; i++) {
                double zi = i == 0 ? 1 : (i >= r ? delta[i - r] : 0);
                if (zi == 0) {
                    continue;
                }
                for (int j = 0; j < a.length; j++) {
                    double zj = j == 0 ? 1 : (j >= r ? delta[j - r] : 0);
                    if (zj != 0) {
                        v += zi * zj * pm[i * a.length + j];
                    }
                }
            }
            mean[h] = m;
            sd[h] = Math.sqrt(Math.max(0, v * sigma2));
        }
        return Prediction.gaussian(mean, sd, levels);
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loglik", loglik);
        m.put("aic", aic);
        m.put("aicc", aicc);
        m.put("bic", bic);
        m.put("sigma2", sigma2);
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeInts(new int[] {order.p(), order.d(), order.q(), order.sp(), order.sd(), order.sq(), order.period()});
        regressors.write(out);
        out.writeDoubles(coefficients).writeDoubles(beta).writeDoubles(phi).writeDoubles(theta).writeDoubles(delta)
                .writeDoubles(state).writeDoubles(covariance).writeDouble(sigma2).writeInt(fittedLength)
                .writeDoubles(new double[] {loglik, aic, aicc, bic});
    }

    public static ArimaPredictor read(ModelReader in) {
        int[] o = in.readInts();
        if (o.length != 7) {
            throw new ModelFormatException("corrupt ARIMA model: order");
        }
        ArimaOrder order;
        try {
            order = new ArimaOrder(o[0], o[1], o[2], o[3], o[4], o[5], o[6]);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("corrupt ARIMA model: " + e.getMessage());
        }
        Regressors reg = Regressors.read(in);
        double[] coef = in.readDoubles();
        double[] beta = in.readDoubles();
        double[] phi = in.readDoubles();
        double[] theta = in.readDoubles();
        double[] delta = in.readDoubles();
        double[] state = in.readDoubles();
        double[] cov = in.readDoubles();
        double sigma2 = in.readDouble();
        int n = in.readInt();
        double[] ic = in.readDoubles();
        int rd = Math.max(phi.length, theta.length + 1) + delta.length;
        if (state.length != rd || cov.length != rd * rd || beta.length != reg.count() || ic.length != 4 || n < 0) {
            throw new ModelFormatException("corrupt ARIMA model: inconsistent dimensions");
        }
        return new ArimaPredictor(order, reg, coef, beta, phi, theta, delta, state, cov, sigma2, n, ic[0], ic[1], ic[2], ic[3]);
    }
}
