package dev.merchantry.plugins.forecasting.arima;

import org.apache.commons.math3.complex.Complex;

/**
 * The ARMA coefficient vector (ar₁…ar_p, ma₁…ma_q, sar₁…sar_P, sma₁…sma_Q) and its maps, following R's
 * {@code arima.c}: expansion of the seasonal products into full φ and θ polynomials ({@code ARIMA_transPars}),
 * the stationarity-enforcing reparametrisation through partial autocorrelations (tanh then Durbin–Levinson,
 * Jones 1980; {@code partrans}/{@code invpartrans}) and the MA invertibility flip ({@code maInvert}).
 */
final class ArmaParameters {

    private ArmaParameters() {
    }

    /** Full φ (length p + P·s) and θ (length q + Q·s) from the coefficient vector. */
    static double[][] expand(double[] par, ArimaOrder o) {
        int s = o.period();
        int np = o.p() + o.sp() * s;
        int nq = o.q() + o.sq() * s;
        double[] phi = new double[np];
        double[] theta = new double[nq];
        for (int i = 0; i < o.p(); i++) {
            phi[i] = par[i];
        }
        for (int i = 0; i < o.q(); i++) {
            theta[i] = par[o.p() + i];
        }
        int sarStart = o.p() + o.q();
        int smaStart = sarStart + o.sp();
        for (int j = 0; j < o.sp(); j++) {
            phi[(j + 1) * s - 1] += par[sarStart + j];
            for (int i = 0; i < o.p(); i++) {
                phi[(j + 1) * s + i] -= par[i] * par[sarStart + j];
            }
        }
        for (int j = 0; j < o.sq(); j++) {
            theta[(j + 1) * s - 1] += par[smaStart + j];
            for (int i = 0; i < o.q(); i++) {
                theta[(j + 1) * s + i] += par[o.p() + i] * par[smaStart + j];
            }
        }
        return new double[][] {phi, theta};
    }

    /** Maps unconstrained values to a stationary AR block (in place on a copy): tanh, then Durbin–Levinson. */
    static double[] toStationary(double[] raw, ArimaOrder o) {
        double[] out = raw.clone();
        partrans(raw, out, 0, o.p());
        partrans(raw, out, o.p() + o.q(), o.sp());
        return out;
    }

    /** Inverse of {@link #toStationary}; the AR blocks must be stationary. */
    static double[] fromStationary(double[] par, ArimaOrder o) {
        double[] out = par.clone();
        invpartrans(par, out, 0, o.p());
        invpartrans(par, out, o.p() + o.q(), o.sp());
        return out;
    }

    private static void partrans(double[] raw, double[] out, int from, int count) {
        if (count == 0) {
            return;
        }
        double[] work = new double[count];
        double[] nw = new double[count];
        for (int j = 0; j < count; j++) {
            work[j] = nw[j] = Math.tanh(raw[from + j]);
        }
        for (int j = 1; j < count; j++) {
            double a = nw[j];
            for (int k = 0; k < j; k++) {
                work[k] -= a * nw[j - k - 1];
            }
            System.arraycopy(work, 0, nw, 0, j);
        }
        System.arraycopy(nw, 0, out, from, count);
    }

    private static void invpartrans(double[] par, double[] out, int from, int count) {
        if (count == 0) {
            return;
        }
        double[] nw = new double[count];
        double[] work = new double[count];
        System.arraycopy(par, from, nw, 0, count);
        System.arraycopy(par, from, work, 0, count);
        for (int j = count - 1; j > 0; j--) {
            double a = nw[j];
            for (int k = 0; k < j; k++) {
                work[k] = (nw[k] + a * nw[j - k - 1]) / (1 - a * a);
            }
            System.arraycopy(work, 0, nw, 0, j);
        }
        for (int j = 0; j < count; j++) {
            double v = Math.max(-0.999999, Math.min(0.999999, nw[j]));
            out[from + j] = 0.5 * Math.log((1 + v) / (1 - v));
        }
    }

    /** True when 1 − a₁z − … − a_k z^k has all roots outside the unit circle (R's {@code arCheck}). */
    static boolean isStationary(double[] par, int from, int count) {
        if (count == 0) {
            return true;
        }
        double[] c = new double[count + 1];
        c[0] = 1;
        for (int i = 0; i < count; i++) {
            c[i + 1] = -par[from + i];
        }
        return dev.merchantry.plugins.forecasting.optim.Polynomials.allRootsOutside(c, 1.0);
    }

    /** Flips MA roots inside the unit circle to their reciprocals (R's {@code maInvert}), on a block in place. */
    static void invertMa(double[] par, int from, int count) {
        int q0 = 0;
        for (int i = 0; i < count; i++) {
            if (par[from + i] != 0) {
                q0 = i + 1;
            }
        }
        if (q0 == 0) {
            return;
        }
        double[] c = new double[q0 + 1];
        c[0] = 1;
        for (int i = 0; i < q0; i++) {
            c[i + 1] = par[from + i];
        }
        if (dev.merchantry.plugins.forecasting.optim.Polynomials.allRootsOutside(c, 1.0)) {
            return;
        }
        Complex[] roots = dev.merchantry.plugins.forecasting.optim.Polynomials.roots(c);
        if (roots == null) {
            return;
        }
        boolean any = false;
        for (Complex z : roots) {
            if (z.abs() < 1) {
                any = true;
            }
        }
        if (!any) {
            return;
        }
        if (q0 == 1) {
            par[from] = 1 / par[from];
            return;
        }
        // Rebuild the polynomial from the flipped roots: x ← x·(1 − z/root)
        Complex[] x = {Complex.ONE};
        for (Complex z : roots) {
            Complex root = z.abs() < 1 ? Complex.ONE.divide(z) : z;
            Complex[] next = new Complex[x.length + 1];
            for (int i = 0; i < next.length; i++) {
                Complex a = i < x.length ? x[i] : Complex.ZERO;
                Complex b = i > 0 ? x[i - 1].divide(root) : Complex.ZERO;
                next[i] = a.subtract(b);
            }
            x = next;
        }
        for (int i = 0; i < q0; i++) {
            par[from + i] = x[i + 1].getReal();
        }
    }
}
