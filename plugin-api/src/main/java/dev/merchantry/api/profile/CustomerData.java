package dev.merchantry.api.profile;

import java.time.Instant;

/**
 * A shop's customers, streamed: {@link #customers()} may be iterated several times but need not fit in memory as
 * history objects at once (the platform may read them from the database page by page).
 *
 * @param asOf the time the data was read; recency and "alive" probabilities are computed relative to it
 * @param customerCount number of customers {@link #customers()} yields
 * @param customers every customer with at least one event
 * @since 0.1.0
 */
public record CustomerData(Instant asOf, long customerCount, Iterable<CustomerHistory> customers) {
}
