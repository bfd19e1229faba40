package dev.merchantry.plugins.pricing;

import java.util.random.RandomGenerator;

/**
 * Gamma variates from a {@link RandomGenerator}, so agents draw all their randomness from the generator the
 * platform passes (Commons Math's samplers take their own generator type). Marsaglia and Tsang (2000), "A simple
 * method for generating gamma variables", ACM TOMS 26(3); shapes below 1 use Gamma(a) = Gamma(a + 1) · U^(1/a).
 */
final class GammaSampler {

    private GammaSampler() {
    }

    /** One draw from Gamma(shape, rate) (mean shape / rate). */
    static double sample(RandomGenerator random, double shape, double rate) {
        if (!(shape > 0) || !(rate > 0)) {
            throw new IllegalArgumentException("gamma shape and rate must be positive, got " + shape + ", " + rate);
        }
        if (shape < 1) {
            double u = random.nextDouble();
            return sample(random, shape + 1, rate) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v / rate;
            }
        }
    }
}
