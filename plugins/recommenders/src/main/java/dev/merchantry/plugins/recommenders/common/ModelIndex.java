package dev.merchantry.plugins.recommenders.common;

import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving half every trained model shares: user and item ids with their dense indices, each user's
 * interacted items (to exclude them and to explain recommendations), catalog titles for reasons, and the rating
 * scale. Immutable; the id-to-index maps are built on the first lookup (a trained model is usually serialized and
 * served from a copy, so building them while training is wasted work).
 */
public final class ModelIndex {

    private final boolean explicit;
    private final List<String> userIds;
    private final List<String> itemIds;
    /** Built on first use; racing threads may each build one, any of which is complete when published. */
    private volatile Map<String, Integer> userIndex;
    private volatile Map<String, Integer> itemIndex;
    private final int[] seenPtr;
    private final int[] seenItems;
    private final double[] seenValues;
    private final String[] titles;
    private final double minRating;
    private final double maxRating;

    private ModelIndex(boolean explicit, List<String> userIds, List<String> itemIds, int[] seenPtr, int[] seenItems,
                       double[] seenValues, String[] titles, double minRating, double maxRating) {
        this.explicit = explicit;
        this.userIds = List.copyOf(userIds);
        this.itemIds = List.copyOf(itemIds);
        this.seenPtr = seenPtr;
        this.seenItems = seenItems;
        this.seenValues = seenValues;
        this.titles = titles;
        this.minRating = minRating;
        this.maxRating = maxRating;
    }

    /** The index of the training data: every user and item of {@code data.interactions()}. */
    public static ModelIndex of(RecommenderData data, RatingMatrix m) {
        Interactions in = data.interactions();
        String[] titles = new String[m.items];
        Map<String, CatalogItem> catalog = data.catalog();
        // Without a catalog (offline evaluation) there is nothing to look up; 10k lookups are milliseconds of
        // interpreted code in a fresh JVM.
        if (!catalog.isEmpty()) {
            for (int i = 0; i < m.items; i++) {
                CatalogItem c = catalog.get(in.itemId(i));
                if (c != null && c.title() != null && !c.title().isBlank()) {
                    titles[i] = c.title().strip();
                }
            }
        }
        return new ModelIndex(m.explicit, in.userIds(), in.itemIds(), m.userPtr, m.userItems, m.userValues, titles,
                m.min(), m.max());
    }

    private static Map<String, Integer> indexOf(List<String> ids) {
        Map<String, Integer> map = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            map.put(ids.get(i), i);
        }
        return map;
    }

    public boolean explicit() {
        return explicit;
    }

    public int users() {
        return userIds.size();
    }

    public int items() {
        return itemIds.size();
    }

    /** Dense index of a user, -1 when unknown or {@code null}. */
    public int user(String id) {
        if (id == null) {
            return -1;
        }
        Map<String, Integer> index = userIndex;
        if (index == null) {
            index = indexOf(userIds);
            userIndex = index;
        }
        Integer u = index.get(id);
        return u == null ? -1 : u;
    }

    /** Dense index of an item, -1 when unknown or {@code null}. */
    public int item(String id) {
        if (id == null) {
            return -1;
        }
        Map<String, Integer> index = itemIndex;
        if (index == null) {
            index = indexOf(itemIds);
            itemIndex = index;
        }
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    public String itemId(int item) {
        return itemIds.get(item);
    }

    public String userId(int user) {
        return userIds.get(user);
    }

    /** Known items among {@code ids}, distinct, in the given order. */
    public int[] knownItems(List<String> ids) {
        int[] out = new int[ids.size()];
        int n = 0;
        for (String id : ids) {
            int i = item(id);
            if (i >= 0 && !contains(out, n, i)) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int k = 0; k < n; k++) {
            if (a[k] == v) {
                return true;
            }
        }
        return false;
    }

    /** Start of user {@code u}'s interacted items in {@link #seenItem}/{@link #seenValue}. */
    public int seenFrom(int u) {
        return seenPtr[u];
    }

    /** End (exclusive) of user {@code u}'s interacted items. */
    public int seenTo(int u) {
        return seenPtr[u + 1];
    }

    public int seenItem(int k) {
        return seenItems[k];
    }

    public double seenValue(int k) {
        return seenValues[k];
    }

    /** True when user {@code u} interacted with item {@code i} in the training data. */
    public boolean seen(int u, int i) {
        return u >= 0 && Arrays.binarySearch(seenItems, seenPtr[u], seenPtr[u + 1], i) >= 0;
    }

    /** The user's value for the item (rating or weight), NaN when none. */
    public double value(int u, int i) {
        int k = Arrays.binarySearch(seenItems, seenPtr[u], seenPtr[u + 1], i);
        return k >= 0 ? seenValues[k] : Double.NaN;
    }

    /** The catalog title of an item when known, else its id: what reasons show. */
    public String label(int item) {
        return titles[item] != null ? titles[item] : itemIds.get(item);
    }

    /** How a reason refers to the user's own interaction: "rated" for ratings, "viewed" for behaviour. */
    public String interactionVerb() {
        return explicit ? "rated" : "viewed";
    }

    /** Clamps a predicted rating to the training scale. */
    public double clampRating(double r) {
        return Math.max(minRating, Math.min(maxRating, r));
    }

    public void write(ModelWriter w) {
        w.writeBoolean(explicit);
        w.writeStrings(userIds);
        w.writeStrings(itemIds);
        w.writeInts(seenPtr);
        w.writeInts(seenItems);
        w.writeDoubles(seenValues);
        List<String> t = new ArrayList<>(titles.length);
        for (String s : titles) {
            t.add(s);
        }
        w.writeStrings(t);
        w.writeDouble(minRating);
        w.writeDouble(maxRating);
    }

    /** Reads what {@link #write} wrote, checking the shapes agree. */
    public static ModelIndex read(ModelReader r) {
        boolean explicit = r.readBoolean();
        List<String> users = r.readStrings();
        List<String> items = r.readStrings();
        int[] ptr = r.readInts();
        int[] seen = r.readInts();
        double[] values = r.readDoubles();
        List<String> t = r.readStrings();
        double min = r.readDouble();
        double max = r.readDouble();
        if (ptr.length != users.size() + 1 || seen.length != values.length || t.size() != items.size()
                || ptr[ptr.length - 1] != seen.length || users.contains(null) || items.contains(null)) {
            throw new ModelFormatException("corrupt model payload: inconsistent user/item index");
        }
        for (int k = 0; k < users.size(); k++) {
            if (ptr[k] < 0 || ptr[k] > ptr[k + 1]) {
                throw new ModelFormatException("corrupt model payload: bad seen-item offsets");
            }
        }
        for (int s : seen) {
            if (s < 0 || s >= items.size()) {
                throw new ModelFormatException("corrupt model payload: seen item out of range");
            }
        }
        return new ModelIndex(explicit, users, items, ptr, seen, values, t.toArray(new String[0]), min, max);
    }

    /** Checks a dimension read from a payload. */
    public static void require(boolean ok, String what) {
        if (!ok) {
            throw new ModelFormatException("corrupt model payload: " + what);
        }
    }
}
