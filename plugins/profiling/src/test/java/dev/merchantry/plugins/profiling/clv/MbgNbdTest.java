package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MBG/NBD formulas with the CDNOW estimates fitted by BTYDplus (r 0.525, α 6.183, a 0.891, b 1.614). Expected values
 * come from {@code src/test/python/mbgnbd_reference_values.py} (mpmath 1.3.0, 50 digits, the untransformed
 * hypergeometric expression of Batislam et al. 2007). Independent routes: the individual-level model integrated
 * numerically over the mixing distributions, and a seeded simulation of the model's story.
 */
class MbgNbdTest {

    /** Closed forms against 50-digit references: only double rounding separates them. */
    private static final double CLOSED_FORM = 1e-10;
    /** Gauss–Legendre quadrature against the closed forms. */
    private static final double QUADRATURE = 1e-7;

    private final MbgNbd m = MbgNbd.CDNOW;

    @Test
    void logLikelihoodMatchesTheClosedForm() {
        assertEquals(-0.53983746353101456, m.logLikelihood(0, 0, 38.86), CLOSED_FORM);
        assertEquals(-0.18906535586647486, m.logLikelihood(0, 0, 5), CLOSED_FORM);
        assertEquals(-9.4855513145339315, m.logLikelihood(2, 30.43, 38.86), CLOSED_FORM);
        assertEquals(-38.322126947829791, m.logLikelihood(26, 30.86, 31), CLOSED_FORM);
        assertEquals(-4.4799330699301227, m.logLikelihood(1, 2, 35), CLOSED_FORM);
    }

    @Test
    void probabilityAliveMatchesTheClosedFormAndOneTimeBuyersCanBeGone() {
        assertEquals(0.3897350809187629, m.probabilityAlive(0, 0, 38.86), CLOSED_FORM);
        assertEquals(0.57028549393417135, m.probabilityAlive(0, 0, 5), CLOSED_FORM);
        assertEquals(0.70620226511848728, m.probabilityAlive(2, 30.43, 38.86), CLOSED_FORM);
        assertEquals(0.96556614414406158, m.probabilityAlive(26, 30.86, 31), CLOSED_FORM);
        assertEquals(0.19971816227594634, m.probabilityAlive(1, 2, 35), CLOSED_FORM);
        // By hand: right after the first purchase (x = 0, T = 0) a customer has survived one opportunity with
        // probability E[1 - p] = b / (a + b).
        assertEquals(1.614 / (0.891 + 1.614), m.probabilityAlive(0, 0, 0), 1e-15);
        // A one-time buyer's churn risk rises with the time since her only order (BG/NBD would say 0 throughout).
        double previous = 1;
        for (double weeks = 1; weeks <= 100; weeks += 1) {
            double alive = m.probabilityAlive(0, 0, weeks);
            assertTrue(alive < previous, "P(alive) at T=" + weeks + " = " + alive + " >= " + previous);
            previous = alive;
        }
        assertEquals(1.0, BgNbd.CDNOW.probabilityAlive(0, 0, 100));
    }

    @Test
    void conditionalExpectationMatchesTheClosedForm() {
        assertEquals(0.15401274667514668, m.expectedPurchases(39, 0, 0, 38.86), CLOSED_FORM);
        assertEquals(0.69569432544365121, m.expectedPurchases(39, 0, 0, 5), CLOSED_FORM);
        assertEquals(1.2629606232673657, m.expectedPurchases(39, 2, 30.43, 38.86), CLOSED_FORM);
        assertEquals(19.450722652157352, m.expectedPurchases(39, 26, 30.86, 31), CLOSED_FORM * 20);
        assertEquals(0.23815040224244596, m.expectedPurchases(39, 1, 2, 35), CLOSED_FORM);
        assertEquals(0.0, m.expectedPurchases(0, 3, 10, 20));
    }

    @Test
    void newCustomerExpectationMatchesTheClosedForm() {
        assertEquals(1.1829536655971726, m.expectedPurchasesOfNewCustomer(39), CLOSED_FORM);
        assertEquals(1.8047575775531417, m.expectedPurchasesOfNewCustomer(78), CLOSED_FORM);
    }

    @Test
    void likelihoodEqualsTheIntegralOfTheIndividualModel() {
        // L = ∫∫ [(1-p)^{x+1} λ^x e^{-λT} + p (1-p)^x λ^x e^{-λ t_x}] g(λ) f(p): alive after x + 1 opportunities,
        // or gone right after the purchase at t_x (t_x = 0 for x = 0).
        int[] xs = {0, 2, 7};
        double[][] times = {{0, 38.86}, {30.43, 38.86}, {15, 36}};
        for (int c = 0; c < xs.length; c++) {
            int x = xs[c];
            double tx = times[c][0];
            double t = times[c][1];
            double lam = MixingIntegrals.gammaMoment(m.r(), m.alpha(), x);
            double alive = lam * Math.pow(m.alpha() + t, -(m.r() + x));
            double dead = lam * Math.pow(m.alpha() + tx, -(m.r() + x));
            double integral = MixingIntegrals.overBeta(m.a(), m.b(),
                    p -> Math.pow(1 - p, x + 1) * alive + p * Math.pow(1 - p, x) * dead);
            assertEquals(Math.log(integral), m.logLikelihood(x, tx, t), QUADRATURE, "case " + c);
        }
    }

    @Test
    void conditionalExpectationEqualsTheIntegralOfTheIndividualModel() {
        // E[Y(τ) | data] = ∫∫ (1-p)^{x+1} λ^x e^{-λT} (1 - e^{-λpτ}) / p · g f / L.
        int[] xs = {0, 2};
        double[][] times = {{0, 20}, {30.43, 38.86}};
        for (int c = 0; c < xs.length; c++) {
            int x = xs[c];
            double tx = times[c][0];
            double t = times[c][1];
            double tau = 39;
            double lam = MixingIntegrals.gammaMoment(m.r(), m.alpha(), x);
            double numerator = MixingIntegrals.overBeta(m.a(), m.b(), p -> Math.pow(1 - p, x + 1) * lam
                    * (Math.pow(m.alpha() + t, -(m.r() + x)) - Math.pow(m.alpha() + t + p * tau, -(m.r() + x))) / p);
            double expected = numerator / Math.exp(m.logLikelihood(x, tx, t));
            assertEquals(expected, m.expectedPurchases(tau, x, tx, t), QUADRATURE, "case " + c);
        }
    }

    @Test
    void newCustomerExpectationMatchesASimulationOfTheStory() {
        // 200,000 customers (seed 11): buy at rate λ ~ Gamma(r, α) and drop out with probability p ~ Beta(a, b) after
        // every purchase, the first included. The mean repeat count over 39 weeks has a standard error of about
        // 0.011 here (sd ≈ 5 / sqrt(200,000)); 4 standard errors.
        Well19937c rng = new Well19937c(11);
        GammaDistribution rate = new GammaDistribution(rng, m.r(), 1 / m.alpha());
        BetaDistribution dropout = new BetaDistribution(rng, m.a(), m.b());
        int n = 200_000;
        double horizon = 39;
        long total = 0;
        for (int i = 0; i < n; i++) {
            double lambda = rate.sample();
            double p = dropout.sample();
            double now = 0;
            while (rng.nextDouble() >= p) {
                now += -Math.log(1 - rng.nextDouble()) / lambda;
                if (now > horizon) {
                    break;
                }
                total++;
            }
        }
        assertEquals(m.expectedPurchasesOfNewCustomer(horizon), (double) total / n, 0.045);
    }

    @Test
    void hugeDropOutParametersStillEvaluate() {
        // Small shops fit a, b -> infinity (one drop-out probability p0 = a/(a+b) for everyone); the Euler-transformed
        // series would need ~a terms. In the limit, integrating λ ~ Gamma(r+x, α+T) out of (1 - e^{-λ p0 τ}) / p0
        // gives E[Y(τ) | alive] = (1 - ((α+T)/(α+T+p0 τ))^(r+x)) / p0 by hand; with a + b ~ 1.5e7 the finite-parameter
        // value differs by O(1/(a+b)).
        double a = 6_544_807.74;
        double b = 8_687_023.62;
        double p0 = a / (a + b);
        for (RepeatPurchaseModel model : new RepeatPurchaseModel[] {new BgNbd(0.0693, 0.188, a, b),
                new MbgNbd(0.0693, 0.188, a, b)}) {
            for (int x : new int[] {0, 1, 3}) {
                double t = 4.0;
                double tx = x == 0 ? 0 : 2.5;
                double tau = 365 / 7.0;
                double alive = model.probabilityAlive(x, tx, t);
                double limit = (1 - Math.pow((model.alpha() + t) / (model.alpha() + t + p0 * tau), model.r() + x)) / p0;
                assertEquals(limit * alive, model.expectedPurchases(tau, x, tx, t), 1e-6 * limit,
                        model + " x=" + x);
            }
        }
    }
}
