package dev.merchantry.platform.storage;

/**
 * The profiles a shop is served from: the model version they were materialized from and what it said overall.
 *
 * @param version the profiler model's version
 * @param strategyId the profiler that produced them
 * @param customers number of profiles
 * @param trainedAt epoch ms the model was trained
 * @param updatedAt epoch ms the profiles were materialized
 * @param segmentsJson the model's segments as a JSON array
 * @param metricsJson the model's metrics as a JSON object
 */
public record ProfileSet(long version, String strategyId, long customers, long trainedAt, long updatedAt,
                         String segmentsJson, String metricsJson) {
}
