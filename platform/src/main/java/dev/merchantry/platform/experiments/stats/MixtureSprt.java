package dev.merchantry.platform.experiments.stats;

/**
 * The mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis and Walsh ("Always Valid
 * Inference: Continuous Monitoring of A/B Tests", Operations Research 70(3):1806–1821, 2022; arXiv:1512.04922), the
 * test behind Optimizely's Stats Engine, for an asymptotically normal estimate θ̂ with variance V and a normal
 * mixing distribution N(θ₀, τ²) over the true effect:
 *
 * <pre>  Λ = sqrt(V / (V + τ²)) · exp( τ² (θ̂ − θ₀)² / (2 V (V + τ²)) )</pre>
 *
 * (their two-sample statistic with V = 2σ²/n). Λ is a non-negative martingale under θ = θ₀, so by Ville's inequality
 * P(Λ ever reaches 1/α) ≤ α: the always-valid p-value {@code min(1, 1/Λ)}, taken as a running minimum over looks,
 * and the confidence interval {θ₀ : Λ(θ₀) < 1/α}, intersected over looks, stay valid however often the results are
 * looked at. Solving Λ(θ₀) = 1/α for θ₀ gives the interval's half width
 *
 * <pre>  h = sqrt( V (V + τ²) / τ² · ( ln((V + τ²) / V) − 2 ln α ) ).</pre>
 *
 * τ is the size of effect the test is tuned for: the shorter the time to a decision at effects near τ.
 */
public final class MixtureSprt {

    private final double alpha;
    private final double tau2;

    /** @param alpha significance level in (0, 1); @param tau mixing standard deviation, in the estimate's units (> 0) */
    public MixtureSprt(double alpha, double tau) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("tau must be positive, got " + tau);
        }
        this.alpha = alpha;
        this.tau2 = tau * tau;
    }

    public double alpha() {
        return alpha;
    }

    /** log Λ for the estimate θ̂ with variance V against the null value θ₀. */
    public double logLikelihoodRatio(double estimate, double variance, double nullValue) {
        requireVariance(variance);
        double d = estimate - nullValue;
        return 0.5 * Math.log(variance / (variance + tau2)) + tau2 * d * d / (2 * variance * (variance + tau2));
    }

    /** The always-valid p-value of this look alone, {@code min(1, 1/Λ)}; callers keep the running minimum. */
    public double pValue(double estimate, double variance, double nullValue) {
        return Math.min(1, Math.exp(-logLikelihoodRatio(estimate, variance, nullValue)));
    }

    /** Half width of this look's always-valid interval: θ̂ ± h holds every θ₀ with Λ(θ₀) < 1/α. */
    public double halfWidth(double variance) {
        requireVariance(variance);
        return Math.sqrt(variance * (variance + tau2) / tau2 * (Math.log((variance + tau2) / variance) - 2 * Math.log(alpha)));
    }

    private static void requireVariance(double variance) {
        if (!(variance > 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("the estimate's variance must be positive and finite, got " + variance);
        }
    }
}
