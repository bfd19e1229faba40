package dev.merchantry.api.profile;

import dev.merchantry.api.model.Model;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A trained profiler: immutable and safe for concurrent queries. */
public interface ProfilerModel extends Model {

    /** The profile of one customer; empty when the customer was not in the training data. */
    Optional<CustomerProfile> profile(String customerId);

    /** Every profile, for materializing into the platform's audience index. */
    Stream<CustomerProfile> profiles();

    /** The segments the model found; empty for profilers that do not segment. */
    default List<Segment> segments() {
        return List.of();
    }
}
