package dev.merchantry.plugins.forecasting.arima;

/**
 * Orders of a seasonal ARIMA(p,d,q)(P,D,Q)[s] model. With {@code s ≤ 1} or P = D = Q = 0 the model is
 * non-seasonal.
 */
public record ArimaOrder(int p, int d, int q, int sp, int sd, int sq, int period) {

    public ArimaOrder {
        if (p < 0 || d < 0 || q < 0 || sp < 0 || sd < 0 || sq < 0) {
            throw new IllegalArgumentException("ARIMA orders must be non-negative");
        }
        if (period <= 1) {
            sp = 0;
            sd = 0;
            sq = 0;
            period = 1;
        }
    }

    public static ArimaOrder of(int p, int d, int q) {
        return new ArimaOrder(p, d, q, 0, 0, 0, 1);
    }

    public boolean seasonal() {
        return period > 1 && (sp + sd + sq) > 0;
    }

    /** Total differencing d + D·s, the number of observations differencing uses up. */
    public int differencedLength() {
        return d + sd * period;
    }

    /** Number of ARMA coefficients p + q + P + Q. */
    public int armaCount() {
        return p + q + sp + sq;
    }

    @Override
    public String toString() {
        String s = "ARIMA(" + p + "," + d + "," + q + ")";
        return seasonal() ? s + "(" + sp + "," + sd + "," + sq + ")[" + period + "]" : s;
    }
}
