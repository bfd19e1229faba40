package dev.merchantry.plugins.recommenders.blend;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Ridge regression with an unpenalised intercept (column 0 of the design is all ones), by Cholesky. */
final class RidgeRegression {

    private RidgeRegression() {
    }

    /** argmin_w Σ (yₙ − xₙ·w)² + λ Σ_{j≥1} wⱼ²: the normal equations (XᵀX + λD) w = Xᵀy, D = diag(0, 1, …, 1). */
    static double[] solve(double[][] x, double[] y, double lambda) {
        int k = x[0].length;
        RealMatrix a = new Array2DRowRealMatrix(k, k);
        double[] b = new double[k];
        for (int n = 0; n < x.length; n++) {
            double[] row = x[n];
            for (int i = 0; i < k; i++) {
                b[i] += row[i] * y[n];
                for (int j = 0; j < k; j++) {
                    a.addToEntry(i, j, row[i] * row[j]);
                }
            }
        }
        for (int j = 1; j < k; j++) {
            a.addToEntry(j, j, lambda);
        }
        // Members predicting nearly the same ratings make XᵀX ill-conditioned; λ > 0 keeps it positive definite.
        return new CholeskyDecomposition(a, 1e-12, 1e-14).getSolver().solve(new ArrayRealVector(b)).toArray();
    }

    static double predict(double[] w, double[] x) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * x[j];
        }
        return s;
    }
}
