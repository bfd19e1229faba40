package com.example.affinity;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Customers' favourite categories and each category's items by popularity; immutable, safe for concurrent queries. */
final class CategoryAffinityModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final Map<String, List<String>> favourites;
    private final Map<String, List<String>> seen;
    private final Map<String, Double> popularity;
    private final Map<String, String> category;
    private final Map<String, List<String>> ranked = new HashMap<>();

    CategoryAffinityModel(Map<String, List<String>> favourites, Map<String, List<String>> seen,
                          Map<String, Double> popularity, Map<String, String> category) {
        this.favourites = Map.copyOf(favourites);
        this.seen = Map.copyOf(seen);
        this.popularity = Map.copyOf(popularity);
        this.category = Map.copyOf(category);
        Map<String, List<String>> byCategory = new HashMap<>();
        category.forEach((item, c) -> byCategory.computeIfAbsent(c, k -> new ArrayList<>()).add(item));
        byCategory.forEach((c, items) -> {
            items.sort(CategoryAffinityRecommender.byPopularity(this.popularity));
            ranked.put(c, List.copyOf(items));
        });
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        Set<String> categories = new LinkedHashSet<>();
        for (String item : query.contextItems()) {
            String c = category.get(item);
            if (c != null) {
                categories.add(c);
            }
        }
        boolean fromContext = !categories.isEmpty();
        if (query.customerId() != null) {
            categories.addAll(favourites.getOrDefault(query.customerId(), List.of()));
        }
        Set<String> skip = new HashSet<>(query.contextItems());
        if (query.customerId() != null) {
            skip.addAll(seen.getOrDefault(query.customerId(), List.of()));
        }
        List<ScoredItem> out = new ArrayList<>();
        int index = 0;
        for (String c : categories) {
            String reason = fromContext && index == 0 ? "popular in " + c : "popular in " + c + ", a favourite category";
            for (String item : ranked.getOrDefault(c, List.of())) {
                if (out.size() >= query.limit()) {
                    return out;
                }
                if (!skip.contains(item) && query.allowed().test(item)) {
                    skip.add(item);
                    out.add(new ScoredItem(item, popularity.get(item), reason));
                }
            }
            index++;
        }
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("customers", (double) favourites.size(), "items", (double) popularity.size(),
                "categories", (double) ranked.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        Map<String, Double> items = new TreeMap<>(popularity);
        w.writeInt(items.size());
        items.forEach((item, p) -> w.writeString(item).writeDouble(p).writeString(category.get(item)));
        Map<String, List<String>> users = new TreeMap<>(favourites);
        w.writeInt(users.size());
        users.forEach((user, cats) -> w.writeString(user).writeStrings(cats)
                .writeStrings(seen.getOrDefault(user, List.of())));
        return w.toModel(CategoryAffinityRecommender.ID, FORMAT);
    }

    static CategoryAffinityModel read(SerializedModel model) {
        model.requireFormat(CategoryAffinityRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        int items = r.readInt();
        Map<String, Double> popularity = new HashMap<>();
        Map<String, String> category = new HashMap<>();
        for (int i = 0; i < items; i++) {
            String item = r.readString();
            popularity.put(item, r.readDouble());
            category.put(item, r.readString());
        }
        int users = r.readInt();
        Map<String, List<String>> favourites = new HashMap<>();
        Map<String, List<String>> seen = new HashMap<>();
        for (int i = 0; i < users; i++) {
            String user = r.readString();
            favourites.put(user, r.readStrings());
            seen.put(user, r.readStrings());
        }
        return new CategoryAffinityModel(favourites, seen, popularity, category);
    }
}
