package dev.merchantry.platform.storage;

/**
 * What a trained forecaster model serves for one product over the days after its training.
 *
 * @param madeAt epoch milliseconds of the training's end
 * @param firstDay epoch day of {@code means[0]}
 * @param scale mean absolute seasonal-naive (lag 7) error of the training series, or null (too little history)
 */
public record ForecastSnapshot(String shopId, String strategyId, long modelVersion, String productId, String category,
                               long madeAt, long firstDay, double[] means, double[] lo80, double[] hi80,
                               Double scale) {
}
