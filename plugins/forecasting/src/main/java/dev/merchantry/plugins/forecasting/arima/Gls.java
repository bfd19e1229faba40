package dev.merchantry.plugins.forecasting.arima;

/**
 * Least squares of a response column on regressor columns ({@code columns[0]} is the response, the rest are
 * regressors, each with {@code m} rows), by the normal equations with a tiny ridge so that collinear columns (a
 * Fourier term the data cannot identify) stay solvable.
 */
final class Gls {

    record Fit(double[] beta, double ssq) {
    }

    private Gls() {
    }

    static Fit solve(double[][] columns, int m) {
        int k = columns.length - 1;
        double[] e = columns[0];
        if (k == 0) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += e[i] * e[i];
            }
            return new Fit(new double[0], s);
        }
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            double[] xi = columns[i + 1];
            for (int j = i; j < k; j++) {
                double[] xj = columns[j + 1];
                double s = 0;
                for (int t = 0; t < m; t++) {
                    s += xi[t] * xj[t];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
            double s = 0;
            for (int t = 0; t < m; t++) {
                s += xi[t] * e[t];
            }
            b[i] = s;
        }
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += a[i][i];
        }
        double ridge = 1e-10 * Math.max(trace / k, 1e-300);
        for (int i = 0; i < k; i++) {
            a[i][i] += ridge;
        }
        double[] beta = choleskySolve(a, b);
        double ssq = 0;
        for (int t = 0; t < m; t++) {
            double r = e[t];
            for (int c = 0; c < k; c++) {
                r -= beta[c] * columns[c + 1][t];
            }
            ssq += r * r;
        }
        return new Fit(beta, ssq);
    }

    private static double[] choleskySolve(double[][] a, double[] b) {
        int k = b.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(s, 1e-300));
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i][p] * z[p];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = z[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p][i] * x[p];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
