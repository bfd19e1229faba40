package dev.merchantry.plugins.baselines.popular;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Immutable ranked item lists (global and per category); safe for concurrent queries. */
final class PopularModel implements RecommenderModel {

    static final int FORMAT = 1;

    private final List<String> ranked;
    private final Map<String, Double> score;
    private final Map<String, String> categoryOf;
    private final Map<String, List<String>> byCategory = new HashMap<>();
    private final Map<String, Set<String>> seen;

    PopularModel(Map<String, Double> score, Map<String, String> categoryOf, Map<String, List<String>> seen) {
        this.score = Map.copyOf(score);
        this.categoryOf = Map.copyOf(categoryOf);
        // Ties broken by id so rankings are deterministic.
        this.ranked = score.keySet().stream()
                .sorted(Comparator.comparing((String i) -> -score.get(i)).thenComparing(i -> i)).toList();
        for (String item : ranked) {
            String c = categoryOf.get(item);
            if (c != null) {
                byCategory.computeIfAbsent(c, k -> new ArrayList<>()).add(item);
            }
        }
        Map<String, Set<String>> s = new HashMap<>();
        seen.forEach((u, items) -> s.put(u, Set.copyOf(new HashSet<>(items))));
        this.seen = Map.copyOf(s);
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        Set<String> skip = new HashSet<>(query.contextItems());
        if (query.customerId() != null) {
            skip.addAll(seen.getOrDefault(query.customerId(), Set.of()));
        }
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        for (String context : query.contextItems()) {
            String c = categoryOf.get(context);
            if (c != null) {
                categories.add(c);
            }
        }
        List<ScoredItem> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (String category : categories) {
            take(byCategory.getOrDefault(category, List.of()), query, skip, taken, out, "popular in " + category);
        }
        take(ranked, query, skip, taken, out, "popular right now");
        return out;
    }

    private void take(List<String> items, RecommendationQuery q, Set<String> skip, Set<String> taken,
                      List<ScoredItem> out, String reason) {
        for (String item : items) {
            if (out.size() >= q.limit()) {
                return;
            }
            if (!skip.contains(item) && !taken.contains(item) && q.allowed().test(item)) {
                taken.add(item);
                out.add(new ScoredItem(item, score.get(item), reason));
            }
        }
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("items", (double) ranked.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        w.writeInt(ranked.size());
        for (String item : ranked) {
            w.writeString(item).writeDouble(score.get(item)).writeString(categoryOf.getOrDefault(item, ""));
        }
        List<String> users = seen.keySet().stream().sorted().toList();
        w.writeInt(users.size());
        for (String u : users) {
            w.writeString(u).writeStrings(seen.get(u).stream().sorted().toList());
        }
        return w.toModel(PopularRecommender.ID, FORMAT);
    }

    static PopularModel read(SerializedModel model) {
        model.requireFormat(PopularRecommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        int n = r.readInt();
        Map<String, Double> score = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String item = r.readString();
            score.put(item, r.readDouble());
            String c = r.readString();
            if (!c.isEmpty()) {
                categories.put(item, c);
            }
        }
        int users = r.readInt();
        Map<String, List<String>> seen = new HashMap<>();
        for (int i = 0; i < users; i++) {
            seen.put(r.readString(), r.readStrings());
        }
        return new PopularModel(score, categories, seen);
    }
}
