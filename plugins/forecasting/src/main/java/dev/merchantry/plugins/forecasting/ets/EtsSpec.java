package dev.merchantry.plugins.forecasting.ets;

/**
 * One member of the ETS family (Hyndman, Koehler, Snyder &amp; Grose 2002; Hyndman et al. 2008): error A or M,
 * trend N, A or damped A, season N, A or M with period m.
 */
public record EtsSpec(char error, char trend, boolean damped, char season, int period) {

    public EtsSpec {
        if ("AM".indexOf(error) < 0 || "NA".indexOf(trend) < 0 || "NAM".indexOf(season) < 0) {
            throw new IllegalArgumentException("ETS components: error A|M, trend N|A, season N|A|M");
        }
        if (trend == 'N' && damped) {
            throw new IllegalArgumentException("a damped model needs a trend");
        }
        if (season == 'N') {
            period = 1;
        } else if (period < 2) {
            throw new IllegalArgumentException("a seasonal ETS model needs a period of at least 2");
        }
    }

    /** Parses {@code ANN}, {@code AAdN}, {@code MAM}, … ({@code d} after the trend letter means damped). */
    public static EtsSpec parse(String code, int period) {
        String c = code.trim().toUpperCase(java.util.Locale.ROOT);
        boolean damped = c.length() == 4 && c.charAt(2) == 'D';
        if (!(c.length() == 3 || damped)) {
            throw new IllegalArgumentException("ETS model '" + code + "' must look like ANN, AAN, AADN or MAM");
        }
        return new EtsSpec(c.charAt(0), c.charAt(1), damped, c.charAt(damped ? 3 : 2), period);
    }

    /** Linear models (additive error, no multiplicative component) have analytic prediction intervals. */
    public boolean additiveClass() {
        return error == 'A' && season != 'M';
    }

    public boolean seasonal() {
        return season != 'N';
    }

    public boolean trended() {
        return trend != 'N';
    }

    /** Smoothing parameters estimated: α, plus β, γ, φ when present. */
    public int parameterCount() {
        return 1 + (trended() ? 1 : 0) + (seasonal() ? 1 : 0) + (damped ? 1 : 0);
    }

    /** Initial states estimated: level, trend, and m − 1 seasonal states (the last one is implied). */
    public int stateCount() {
        return 1 + (trended() ? 1 : 0) + (seasonal() ? period - 1 : 0);
    }

    @Override
    public String toString() {
        return "ETS(" + error + "," + trend + (damped ? "d" : "") + "," + season + ")";
    }
}
