package dev.merchantry.api.forecast;

/**
 * A central prediction interval per forecast step.
 *
 * @param level coverage in percent, e.g. 80 or 95
 * @param lower lower bounds, one per step
 * @param upper upper bounds, one per step
 * @since 0.1.0
 */
public record PredictionInterval(double level, double[] lower, double[] upper) {

    public PredictionInterval {
        if (!(level > 0 && level < 100)) {
            throw new IllegalArgumentException("interval level must be in (0, 100), got " + level);
        }
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower and upper bounds differ in length");
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }
}
