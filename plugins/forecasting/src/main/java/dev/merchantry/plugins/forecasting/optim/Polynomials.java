package dev.merchantry.plugins.forecasting.optim;

import org.apache.commons.math3.analysis.solvers.LaguerreSolver;
import org.apache.commons.math3.complex.Complex;

/** Root checks for lag polynomials: stationarity, invertibility and ETS admissibility. */
public final class Polynomials {

    private Polynomials() {
    }

    /**
     * The smallest modulus among the roots of {@code c[0] + c[1] z + … + c[n] z^n} (trailing zero coefficients
     * ignored); +∞ for a constant polynomial.
     */
    public static double minRootModulus(double[] c) {
        int n = c.length - 1;
        while (n > 0 && Math.abs(c[n]) < 1e-12) {
            n--;
        }
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (n == 1) {
            return Math.abs(c[0] / c[1]);
        }
        double[] coef = new double[n + 1];
        System.arraycopy(c, 0, coef, 0, n + 1);
        Complex[] roots = roots(coef);
        if (roots == null) {
            return 0; // no convergence: treat as a root on or inside the unit circle, i.e. reject the model
        }
        double min = Double.POSITIVE_INFINITY;
        for (Complex r : roots) {
            min = Math.min(min, r.abs());
        }
        return min;
    }

    /**
     * All complex roots of {@code c[0] + … + c[n] z^n} by Laguerre's method with a bounded number of evaluations;
     * null when the coefficients are not finite or the method does not converge.
     */
    public static Complex[] roots(double[] c) {
        for (double v : c) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        try {
            return new LaguerreSolver(1e-12).solveAllComplex(c, 0, 100_000);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * True when every root of {@code c[0] + … + c[n] z^n} has modulus greater than {@code radius}: the reversed
     * polynomial of c(radius·z) must have all its roots strictly inside the unit circle (Schur–Cohn, no root
     * finding). A constant polynomial has no roots and passes.
     */
    public static boolean allRootsOutside(double[] c, double radius) {
        int n = c.length - 1;
        while (n > 0 && Math.abs(c[n]) < 1e-12) {
            n--;
        }
        if (n == 0) {
            return true;
        }
        double[] reversed = new double[n + 1];
        double scale = 1;
        for (int k = 0; k <= n; k++) {
            if (!Double.isFinite(c[k])) {
                return false;
            }
            reversed[n - k] = c[k] * scale;
            scale *= radius;
        }
        return allRootsInsideUnitCircle(reversed);
    }

    /**
     * Schur–Cohn test: true when every root of {@code c[0] + … + c[n] z^n} lies strictly inside the unit circle.
     * Cheap (O(n²), no root finding), so it can run inside an objective function.
     */
    public static boolean allRootsInsideUnitCircle(double[] c) {
        double[] a = c.clone();
        int n = a.length - 1;
        while (n > 0 && a[n] == 0) {
            n--;
        }
        while (n > 0) {
            double lead = a[n];
            double constant = a[0];
            if (Math.abs(lead) <= Math.abs(constant)) {
                return false;
            }
            double[] next = new double[n];
            for (int k = 0; k < n; k++) {
                next[k] = lead * a[k + 1] - constant * a[n - 1 - k];
            }
            a = next;
            n--;
            double scale = Math.abs(a[n]);
            if (scale == 0) {
                return false;
            }
            for (int k = 0; k <= n; k++) {
                a[k] /= scale;
            }
        }
        return true;
    }
}
