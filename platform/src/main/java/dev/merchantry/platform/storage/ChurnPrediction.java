package dev.merchantry.platform.storage;

/**
 * A customer's churn risk as the shop's profiles stated it.
 *
 * @param madeAt epoch milliseconds of the materialization
 * @param group the customer's RFM group then
 */
public record ChurnPrediction(String shopId, String strategyId, long modelVersion, long madeAt, String customerId,
                              String group, double churnRisk) {
}
