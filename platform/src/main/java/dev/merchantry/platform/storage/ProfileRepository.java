package dev.merchantry.platform.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Materialized customer profiles ({@code customer_profiles}, {@code profile_sets}; see V4__profiles.sql). A shop is
 * served from one {@link ProfileSet}; a new set's rows are written beside it ({@link #insert}) and swapped in by
 * {@link #flip}, so readers never see half a set.
 */
public interface ProfileRepository {

    /** Where an audience page ended: the last row's {@link ProfileRow#sortValue()} and customer id. */
    record Position(double sortValue, String customerId) {
    }

    /** The set the shop is served from, if any. */
    Optional<ProfileSet> currentSet(String shop);

    /** Removes rows of versions that are not served (left by a materialization that did not finish). */
    long deleteUnserved(String shop);

    /** Writes rows of a not yet served version, in one transaction. */
    void insert(String shop, long version, List<ProfileRow> rows);

    /**
     * Serves {@code set} (whose rows are written): reports every customer whose group changed from the served set
     * (nothing on a shop's first set), then swaps the set and deletes the old rows, in one transaction.
     */
    void flip(String shop, ProfileSet set, Consumer<GroupChange> changes);

    /** The served profile of a stored customer id, as JSON. */
    Optional<String> profileJson(String shop, String customerKey);

    /** Customers per RFM group in set {@code version}. */
    Map<String, Long> groupCounts(String shop, long version);

    /**
     * One page of an audience: the profiles of set {@code version} that {@code filter} admits, by descending sort
     * value (365-day value, prospects last), then descending customer id; {@code after} (null for the first page) is
     * where the previous page ended.
     */
    List<ProfileRow> audience(String shop, long version, AudienceFilter filter, int limit, Position after);

    /** Erasure: removes a customer's profiles (every version); returns how many rows went. */
    long erase(String shop, String customerKey);
}
