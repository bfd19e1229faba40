package dev.merchantry.api.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * User–item interactions in columnar form: row {@code i} says user {@link #user(int)} interacted with item
 * {@link #item(int)} with strength {@link #value(int)} at {@link #timestamp(int)}. Users and items are interned to
 * dense indices {@code 0..userCount-1} and {@code 0..itemCount-1} so algorithms can use arrays instead of maps.
 *
 * <p>When {@link #explicit()} the values are ratings (one row per user–item pair, the latest rating); otherwise
 * they are implicit-feedback weights already summed per pair by the platform (e.g. view 1, cart 3, purchase 5).
 * Immutable; the arrays are never exposed.
 *
 * @since 0.1.0
 */
public final class Interactions {

    private final boolean explicit;
    private final List<String> userIds;
    private final List<String> itemIds;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> itemIndex;
    private final int[] users;
    private final int[] items;
    private final double[] values;
    private final long[] timestamps;

    private Interactions(Builder b) {
        this.explicit = b.explicit;
        this.userIds = List.copyOf(b.userIds);
        this.itemIds = List.copyOf(b.itemIds);
        this.userIndex = Map.copyOf(b.userIndex);
        this.itemIndex = Map.copyOf(b.itemIndex);
        this.users = Arrays.copyOf(b.users, b.size);
        this.items = Arrays.copyOf(b.items, b.size);
        this.values = Arrays.copyOf(b.values, b.size);
        this.timestamps = Arrays.copyOf(b.timestamps, b.size);
    }

    public static Builder builder(boolean explicit) {
        return new Builder(explicit);
    }

    /**
     * True when values are explicit ratings; false for implicit-feedback weights.
     *
     * @since 0.1.0
     */
    public boolean explicit() {
        return explicit;
    }

    /**
     * Number of rows.
     *
     * @since 0.1.0
     */
    public int size() {
        return users.length;
    }

    public int userCount() {
        return userIds.size();
    }

    public int itemCount() {
        return itemIds.size();
    }

    /**
     * Dense user index of row {@code row}.
     *
     * @since 0.1.0
     */
    public int user(int row) {
        return users[row];
    }

    /**
     * Dense item index of row {@code row}.
     *
     * @since 0.1.0
     */
    public int item(int row) {
        return items[row];
    }

    /**
     * Rating or implicit weight of row {@code row}.
     *
     * @since 0.1.0
     */
    public double value(int row) {
        return values[row];
    }

    /**
     * Epoch milliseconds of row {@code row}; 0 when unknown.
     *
     * @since 0.1.0
     */
    public long timestamp(int row) {
        return timestamps[row];
    }

    public String userId(int userIndex) {
        return userIds.get(userIndex);
    }

    public String itemId(int itemIndex) {
        return itemIds.get(itemIndex);
    }

    /**
     * Dense index of a user id, or -1 when the user has no interaction.
     *
     * @since 0.1.0
     */
    public int userIndex(String userId) {
        Integer i = userIndex.get(userId);
        return i == null ? -1 : i;
    }

    /**
     * Dense index of an item id, or -1 when the item has no interaction.
     *
     * @since 0.1.0
     */
    public int itemIndex(String itemId) {
        Integer i = itemIndex.get(itemId);
        return i == null ? -1 : i;
    }

    /**
     * User ids in index order.
     *
     * @since 0.1.0
     */
    public List<String> userIds() {
        return userIds;
    }

    /**
     * Item ids in index order.
     *
     * @since 0.1.0
     */
    public List<String> itemIds() {
        return itemIds;
    }

    /**
     * Collects rows; ids are interned in order of first appearance. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final boolean explicit;
        private final List<String> userIds = new ArrayList<>();
        private final List<String> itemIds = new ArrayList<>();
        private final Map<String, Integer> userIndex = new HashMap<>();
        private final Map<String, Integer> itemIndex = new HashMap<>();
        private int[] users = new int[1024];
        private int[] items = new int[1024];
        private double[] values = new double[1024];
        private long[] timestamps = new long[1024];
        private int size;

        private Builder(boolean explicit) {
            this.explicit = explicit;
        }

        /**
         * Adds one row; {@code timestampMillis} 0 when unknown.
         *
         * @since 0.1.0
         */
        public Builder add(String userId, String itemId, double value, long timestampMillis) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("interaction value must be finite, got " + value);
            }
            if (size == users.length) {
                int n = size * 2;
                users = Arrays.copyOf(users, n);
                items = Arrays.copyOf(items, n);
                values = Arrays.copyOf(values, n);
                timestamps = Arrays.copyOf(timestamps, n);
            }
            users[size] = intern(userId, userIds, userIndex);
            items[size] = intern(itemId, itemIds, itemIndex);
            values[size] = value;
            timestamps[size] = timestampMillis;
            size++;
            return this;
        }

        /**
         * Registers an item with no interaction yet (e.g. a new catalog product), so it gets an index.
         *
         * @since 0.1.0
         */
        public Builder addItem(String itemId) {
            intern(itemId, itemIds, itemIndex);
            return this;
        }

        public int size() {
            return size;
        }

        public Interactions build() {
            return new Interactions(this);
        }

        private static int intern(String id, List<String> ids, Map<String, Integer> index) {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("user and item ids must not be empty");
            }
            Integer i = index.get(id);
            if (i == null) {
                i = ids.size();
                ids.add(id);
                index.put(id, i);
            }
            return i;
        }
    }
}
