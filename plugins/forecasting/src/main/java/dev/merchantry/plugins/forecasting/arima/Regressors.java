package dev.merchantry.plugins.forecasting.arima;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic regressors of a regression with ARIMA errors, as functions of the time index t = 1, 2, …
 * (1 is the first fitted observation, as R's {@code drift <- 1:n}): an intercept, a linear drift and Fourier terms
 * sin(2πkt/m), cos(2πkt/m) for k = 1..K per seasonal period m (the sine is dropped when 2k = m, where it is zero),
 * as in the forecast package's {@code fourier()}. Their future values are known, so forecasts need no inputs.
 */
public record Regressors(boolean intercept, boolean drift, double[] periods, int[] harmonics) {

    public static final Regressors NONE = new Regressors(false, false, new double[0], new int[0]);

    public Regressors {
        periods = periods.clone();
        harmonics = harmonics.clone();
        if (periods.length != harmonics.length) {
            throw new IllegalArgumentException("one harmonic count per period");
        }
    }

    public static Regressors of(boolean intercept, boolean drift) {
        return new Regressors(intercept, drift, new double[0], new int[0]);
    }

    public Regressors withFourier(double[] periods, int[] harmonics) {
        return new Regressors(intercept, drift, periods, harmonics);
    }

    public Regressors withoutIntercept() {
        return new Regressors(false, drift, periods, harmonics);
    }

    public Regressors withoutDrift() {
        return new Regressors(intercept, false, periods, harmonics);
    }

    /** Column names, e.g. {@code intercept, drift, S1-7, C1-7}. */
    public List<String> names() {
        List<String> n = new ArrayList<>();
        if (intercept) {
            n.add("intercept");
        }
        if (drift) {
            n.add("drift");
        }
        for (int j = 0; j < periods.length; j++) {
            String m = periods[j] == Math.rint(periods[j]) ? Long.toString((long) periods[j]) : Double.toString(periods[j]);
            for (int k = 1; k <= harmonics[j]; k++) {
                if (2 * k != periods[j]) {
                    n.add("S" + k + "-" + m);
                }
                n.add("C" + k + "-" + m);
            }
        }
        return n;
    }

    public int count() {
        return names().size();
    }

    public boolean isEmpty() {
        return count() == 0;
    }

    public boolean hasFourier() {
        for (int k : harmonics) {
            if (k > 0) {
                return true;
            }
        }
        return false;
    }

    /** The regressor values at time t (1-based). */
    public double[] row(int t) {
        double[] r = new double[count()];
        int c = 0;
        if (intercept) {
            r[c++] = 1;
        }
        if (drift) {
            r[c++] = t;
        }
        for (int j = 0; j < periods.length; j++) {
            for (int k = 1; k <= harmonics[j]; k++) {
                double angle = 2 * Math.PI * k * t / periods[j];
                if (2 * k != periods[j]) {
                    r[c++] = Math.sin(angle);
                }
                r[c++] = Math.cos(angle);
            }
        }
        return r;
    }

    /** Rows for t = 1..n: {@code matrix[t-1][column]}. */
    public double[][] matrix(int n) {
        double[][] x = new double[n][];
        for (int t = 1; t <= n; t++) {
            x[t - 1] = row(t);
        }
        return x;
    }

    void write(ModelWriter out) {
        out.writeBoolean(intercept).writeBoolean(drift).writeDoubles(periods).writeInts(harmonics);
    }

    static Regressors read(ModelReader in) {
        boolean intercept = in.readBoolean();
        boolean drift = in.readBoolean();
        double[] periods = in.readDoubles();
        int[] harmonics = in.readInts();
        if (periods.length != harmonics.length) {
            throw new dev.merchantry.api.model.ModelFormatException("corrupt regressors: periods and harmonics differ in length");
        }
        return new Regressors(intercept, drift, periods, harmonics);
    }
}
