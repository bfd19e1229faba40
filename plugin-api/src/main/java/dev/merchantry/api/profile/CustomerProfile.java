package dev.merchantry.api.profile;

import java.util.Map;
import java.util.Objects;

/**
 * What a profiler knows about one customer, as JSON-like fields (values are String, Number, Boolean, List or Map).
 * Well-known field names, which the platform indexes for audiences: {@link #RFM}, {@link #SEGMENT}, {@link #CLV},
 * {@link #CHURN_RISK}; strategies may add others.
 *
 * @param customerId the customer
 * @param fields profile fields
 * @since 0.1.0
 */
public record CustomerProfile(String customerId, Map<String, Object> fields) {

    /**

     * Object with {@code recency, frequency, monetary, r, f, m, group}.

     *

     * @since 0.1.0

     */
    public static final String RFM = "rfm";
    /**
     * Segment id (string).
     *
     * @since 0.1.0
     */
    public static final String SEGMENT = "segment";
    /**
     * Object with {@code expected_purchases_90d, p_alive, expected_order_value, value_365d}.
     *
     * @since 0.1.0
     */
    public static final String CLV = "clv";
    /**
     * Number in 0..1.
     *
     * @since 0.1.0
     */
    public static final String CHURN_RISK = "churn_risk";

    public CustomerProfile {
        Objects.requireNonNull(customerId, "customerId");
        fields = Map.copyOf(fields);
    }
}
