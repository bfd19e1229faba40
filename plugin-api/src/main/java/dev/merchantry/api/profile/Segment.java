package dev.merchantry.api.profile;

import java.util.Map;

/**
 * A group of customers found by a profiler.
 *
 * @param id stable id within one model, e.g. {@code 3} or {@code CHAMPIONS}
 * @param name short name for merchants
 * @param description the segment in plain words, e.g. {@code frequent buyers of small baskets, mostly Shoes}
 * @param size number of customers
 * @param averages mean of each feature over the segment, e.g. {@code recency_days}
 * @since 0.1.0
 */
public record Segment(String id, String name, String description, long size, Map<String, Double> averages) {

    public Segment {
        averages = Map.copyOf(averages);
    }
}
