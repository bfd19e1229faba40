package dev.merchantry.plugins.forecasting.ets;

/**
 * The mutable state (level, trend, seasonal ring) of an ETS model and its recursions, as the forecast package's
 * {@code etscalc}: one-step forecast, then the update through p (deseasonalised observation), q (trended level),
 * r (growth) and t (seasonal ratio or difference). Not thread-safe; copy per use.
 */
final class EtsState {

    private final EtsSpec spec;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;
    double level;
    double trend;
    /** Seasonal states; {@code season(j)} is s_j with s_0 the most recent, s_{m−1} the one the next step uses. */
    private final double[] ring;
    private int head;

    EtsState(EtsSpec spec, double[] par, double level, double trend, double[] seasons) {
        this.spec = spec;
        this.alpha = par[0];
        this.beta = par[1];
        this.gamma = par[2];
        this.phi = par[3];
        this.level = level;
        this.trend = trend;
        this.ring = seasons.clone();
        this.head = 0;
    }

    EtsState copy() {
        EtsState c = new EtsState(spec, new double[] {alpha, beta, gamma, phi}, level, trend, seasons());
        return c;
    }

    /** Seasonal states s_0 … s_{m−1}. */
    double[] seasons() {
        int m = ring.length;
        double[] s = new double[m];
        for (int j = 0; j < m; j++) {
            s[j] = ring[(head + j) % m];
        }
        return s;
    }

    private double season(int j) {
        return ring[(head + j) % ring.length];
    }

    /** Point forecast h ≥ 1 steps ahead from the current state. */
    double forecast(int h) {
        double phiStar;
        if (!spec.damped()) {
            phiStar = h;
        } else {
            phiStar = 0;
            double p = phi;
            for (int i = 0; i < h; i++) {
                phiStar += p;
                p *= phi;
            }
        }
        double f = spec.trended() ? level + phiStar * trend : level;
        if (spec.seasonal()) {
            int m = ring.length;
            double s = season(Math.floorMod(m - h, m));
            f = spec.season() == 'A' ? f + s : f * s;
        }
        return f;
    }

    /** Updates the state with observation y (pass the one-step forecast for a missing value). */
    void update(double y) {
        double phib = spec.trended() ? (spec.damped() ? phi * trend : trend) : 0;
        double q = level + phib;
        double sOld = spec.seasonal() ? season(ring.length - 1) : 0;
        double p;
        if (spec.season() == 'N') {
            p = y;
        } else if (spec.season() == 'A') {
            p = y - sOld;
        } else {
            p = Math.abs(sOld) < 1e-10 ? 1e10 : y / sOld;
        }
        double oldLevel = level;
        level = q + alpha * (p - q);
        if (spec.trended()) {
            double r = level - oldLevel;
            trend = phib + (beta / alpha) * (r - phib);
        }
        if (spec.seasonal()) {
            double t;
            if (spec.season() == 'A') {
                t = y - q;
            } else {
                t = Math.abs(q) < 1e-10 ? 1e10 : y / q;
            }
            int m = ring.length;
            int oldest = (head + m - 1) % m;
            ring[oldest] = sOld + gamma * (t - sOld);
            head = oldest;
        }
    }
}
