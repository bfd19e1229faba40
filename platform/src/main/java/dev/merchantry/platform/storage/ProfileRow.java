package dev.merchantry.platform.storage;

/**
 * One materialized profile: the indexed columns audiences filter on, and the whole profile as JSON.
 *
 * @param customerId the customer id as stored (a pseudonym when the shop pseudonymizes)
 * @param group RFM group, e.g. {@code AT_RISK}
 * @param mScore monetary quintile score 1..5, 0 for prospects
 * @param segment the profiler's segment id
 * @param value365 discounted value of the next 365 days, null for prospects
 * @param churnRisk 1 − P(alive), null for prospects
 * @param lastSeen epoch ms of the customer's latest event
 * @param json the profile fields as JSON
 */
public record ProfileRow(String customerId, String group, int mScore, String segment, Double value365, Double churnRisk,
                         long lastSeen, String json) {

    /** What audiences sort by: the 365-day value, or −1 for prospects (so they come last). */
    public double sortValue() {
        return value365 == null ? -1 : value365;
    }
}
