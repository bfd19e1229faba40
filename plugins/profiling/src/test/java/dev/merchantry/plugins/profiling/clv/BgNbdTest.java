package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BG/NBD formulas with the CDNOW estimates of Fader, Hardie &amp; Lee (2005). Expected values come from
 * {@code src/test/python/reference_values.py}, which evaluates the paper's closed forms (equations 6, 9, 10, 11; the
 * original hypergeometric expression, not our Euler-transformed one) in 50-digit arithmetic. A second, independent
 * route integrates the individual-level model over the mixing distributions numerically.
 */
class BgNbdTest {

    /** Closed forms against 50-digit references: only double rounding separates them. */
    private static final double CLOSED_FORM = 1e-10;
    /** Gauss–Legendre quadrature against the closed forms (the integrands are steep near p = 1 for large x). */
    private static final double QUADRATURE = 1e-7;

    private final BgNbd m = BgNbd.CDNOW;

    @Test
    void logLikelihoodMatchesThePaperFormula() {
        assertEquals(-0.55471327643815845, m.logLikelihood(0, 0, 38.86), CLOSED_FORM);
        assertEquals(-9.4586063070662712, m.logLikelihood(2, 30.43, 38.86), CLOSED_FORM);
        assertEquals(-37.726579473394441, m.logLikelihood(26, 30.86, 31), CLOSED_FORM);
        assertEquals(-4.4871703056719108, m.logLikelihood(1, 2, 35), CLOSED_FORM);
    }

    @Test
    void withoutRepeatPurchasesTheLikelihoodIsTheNbdZeroTerm() {
        // x = 0: L = (alpha / (alpha + T))^r by hand: 4.414 / 14.414 = 0.306230...; ln = -1.183419...;
        // times r = 0.243 gives ln L = -0.287571..., L = 0.750084...
        assertEquals(0.243 * Math.log(4.414 / 14.414), m.logLikelihood(0, 0, 10), 1e-15);
        assertEquals(0.750084, Math.exp(m.logLikelihood(0, 0, 10)), 1e-6);
    }

    @Test
    void probabilityAliveMatchesEquation11() {
        assertEquals(1.0, m.probabilityAlive(0, 0, 38.86));
        assertEquals(0.72657857008067291, m.probabilityAlive(2, 30.43, 38.86), CLOSED_FORM);
        assertEquals(0.96891564971752508, m.probabilityAlive(26, 30.86, 31), CLOSED_FORM);
        assertEquals(0.242566077714421, m.probabilityAlive(1, 2, 35), CLOSED_FORM);
        // By hand for x = 1, t_x = T: 1 / (1 + a / b) = b / (a + b) = 2.426 / 3.219
        assertEquals(2.426 / 3.219, m.probabilityAlive(1, 20, 20), 1e-15);
    }

    @Test
    void conditionalExpectationMatchesEquation10AndThePaperExample() {
        // The paper's worked example (section 5): x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks.
        assertEquals(1.226, m.expectedPurchases(39, 2, 30.43, 38.86), 5e-4);
        assertEquals(1.2260281747671444, m.expectedPurchases(39, 2, 30.43, 38.86), CLOSED_FORM);
        assertEquals(0.19509805201126264, m.expectedPurchases(39, 0, 0, 38.86), CLOSED_FORM);
        assertEquals(20.74972614085729, m.expectedPurchases(39, 26, 30.86, 31), CLOSED_FORM * 20);
        assertEquals(0.25191294443113146, m.expectedPurchases(39, 1, 2, 35), CLOSED_FORM);
        assertEquals(0.0, m.expectedPurchases(0, 3, 10, 20));
    }

    @Test
    void newCustomerExpectationMatchesEquation9() {
        assertEquals(1.1967231933208168, m.expectedPurchasesOfNewCustomer(39), CLOSED_FORM);
        assertEquals(1.8605190579427685, m.expectedPurchasesOfNewCustomer(78), CLOSED_FORM);
    }

    @Test
    void slopeAtZeroIsTheAliveRateByHand() {
        // d/dt E[Y(t)] at t = 0 is P(alive) times E[lambda | alive, data] = (r + x) / (alpha + T).
        double h = 1e-6;
        double slope = m.expectedPurchases(h, 2, 30.43, 38.86) / h;
        assertEquals(m.probabilityAlive(2, 30.43, 38.86) * (0.243 + 2) / (4.414 + 38.86), slope, 1e-6);
    }

    @Test
    void eulerTransformAgreesWithTheDirectSeriesForModerateX() {
        // The untransformed expression of equation (10), summed directly, for x where its series is well behaved.
        for (int x : new int[] {0, 1, 5, 12}) {
            double t = 30;
            double tau = 52;
            double z = tau / (m.alpha() + t + tau);
            double direct = (m.a() + m.b() + x - 1) / (m.a() - 1) * (1 - Math.pow((m.alpha() + t) / (m.alpha() + t + tau),
                    m.r() + x) * Hypergeometric.hyp2f1(m.r() + x, m.b() + x, m.a() + m.b() + x - 1, z))
                    * m.probabilityAlive(x, 20, t);
            assertEquals(direct, m.expectedPurchases(tau, x, 20, t), 1e-10 * Math.max(1, direct), "x=" + x);
        }
    }

    @Test
    void likelihoodEqualsTheIntegralOfTheIndividualModel() {
        // L = ∫∫ [(1-p)^x λ^x e^{-λT} + δ p (1-p)^{x-1} λ^x e^{-λ t_x}] g(λ) f(p); the λ-integrals are Gamma
        // integrals, the p-integral is done by quadrature after p = u^{1/a} (which removes the p^{a-1} singularity).
        int[][] cases = {{0}, {2}, {7}};
        double[][] times = {{0, 38.86}, {30.43, 38.86}, {15, 36}};
        for (int c = 0; c < cases.length; c++) {
            int x = cases[c][0];
            double tx = times[c][0];
            double t = times[c][1];
            double lam = Math.exp(Gamma.logGamma(m.r() + x) - Gamma.logGamma(m.r()) + m.r() * Math.log(m.alpha()));
            double alive = lam * Math.pow(m.alpha() + t, -(m.r() + x));
            double dead = lam * Math.pow(m.alpha() + tx, -(m.r() + x));
            double integral = overP(p -> Math.pow(1 - p, x) * alive + (x > 0 ? p * Math.pow(1 - p, x - 1) * dead : 0));
            assertEquals(Math.log(integral), m.logLikelihood(x, tx, t), QUADRATURE, "case " + c);
        }
    }

    @Test
    void conditionalExpectationEqualsTheIntegralOfTheIndividualModel() {
        // E[Y(τ) | data] = ∫∫ (1-p)^x λ^x e^{-λT} (1 - e^{-λpτ}) / p · g f / L, using E[Y(τ) | λ, p, alive] =
        // (1 - e^{-λpτ}) / p (equation 9's individual form); the λ-integral is again a Gamma integral.
        int x = 2;
        double tx = 30.43;
        double t = 38.86;
        double tau = 39;
        double lam = Math.exp(Gamma.logGamma(m.r() + x) - Gamma.logGamma(m.r()) + m.r() * Math.log(m.alpha()));
        double numerator = overP(p -> Math.pow(1 - p, x) * lam * (Math.pow(m.alpha() + t, -(m.r() + x))
                - Math.pow(m.alpha() + t + p * tau, -(m.r() + x))) / p);
        double expected = numerator / Math.exp(m.logLikelihood(x, tx, t));
        assertEquals(expected, m.expectedPurchases(tau, x, tx, t), QUADRATURE);
    }

    private double overP(java.util.function.DoubleUnaryOperator h) {
        return MixingIntegrals.overBeta(m.a(), m.b(), h);
    }
}
