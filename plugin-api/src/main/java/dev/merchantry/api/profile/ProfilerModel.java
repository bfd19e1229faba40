package dev.merchantry.api.profile;

import dev.merchantry.api.model.Model;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A trained profiler: immutable and safe for concurrent queries.
 *
 * @since 0.1.0
 */
public interface ProfilerModel extends Model {

    /**
     * The profile of one customer; empty when the customer was not in the training data.
     *
     * @since 0.1.0
     */
    Optional<CustomerProfile> profile(String customerId);

    /**
     * Every profile, for materializing into the platform's audience index.
     *
     * @since 0.1.0
     */
    Stream<CustomerProfile> profiles();

    /**
     * The segments the model found; empty for profilers that do not segment.
     *
     * @since 0.1.0
     */
    default List<Segment> segments() {
        return List.of();
    }
}
