package dev.merchantry.platform.storage;

import java.util.List;

/**
 * Which served profiles belong to an audience; every bound is optional (empty list or null: no bound).
 *
 * @param groups RFM groups (any of)
 * @param segments segment ids (any of)
 * @param minValue lower bound of value_365d
 * @param maxValue upper bound of value_365d
 * @param minChurnRisk lower bound of churn_risk
 * @param maxChurnRisk upper bound of churn_risk
 * @param lastSeenSince only customers whose latest event is at or after this epoch ms
 */
public record AudienceFilter(List<String> groups, List<String> segments, Double minValue, Double maxValue,
                             Double minChurnRisk, Double maxChurnRisk, Long lastSeenSince) {

    public AudienceFilter {
        groups = groups == null ? List.of() : List.copyOf(groups);
        segments = segments == null ? List.of() : List.copyOf(segments);
    }
}
