package @PACKAGE@;

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
import java.util.TreeMap;

/** Items related by shared customers, and each customer's recent items; immutable and safe for concurrent queries. */
final class @CLASS@Model implements RecommenderModel {

    /** Raise it when {@link #serialize()} changes, and keep {@link #read} able to read every older format. */
    static final int FORMAT = 1;

    private final Map<String, Map<String, Integer>> related;
    private final Map<String, List<String>> history;
    private final boolean excludeSeen;

    @CLASS@Model(Map<String, Map<String, Integer>> related, Map<String, List<String>> history, boolean excludeSeen) {
        Map<String, Map<String, Integer>> r = new HashMap<>();
        related.forEach((item, counts) -> r.put(item, Map.copyOf(counts)));
        this.related = Map.copyOf(r);
        this.history = Map.copyOf(history);
        this.excludeSeen = excludeSeen;
    }

    @Override
    public List<ScoredItem> recommend(RecommendationQuery query) {
        List<String> own = query.customerId() == null ? List.of() : history.getOrDefault(query.customerId(), List.of());
        Set<String> context = new LinkedHashSet<>(query.contextItems());
        context.addAll(own);
        Set<String> skip = new HashSet<>(query.contextItems());
        if (excludeSeen) {
            skip.addAll(own);
        }
        Map<String, Double> score = new HashMap<>();
        Map<String, String> because = new HashMap<>();
        Map<String, Integer> strongest = new HashMap<>();
        for (String item : context) {
            related.getOrDefault(item, Map.of()).forEach((other, n) -> {
                if (skip.contains(other) || !query.allowed().test(other)) {
                    return;
                }
                score.merge(other, (double) n, Double::sum);
                // The explanation names the context item that contributes most (ties: the first in context order).
                if (n > strongest.getOrDefault(other, 0)) {
                    strongest.put(other, n);
                    because.put(other, item);
                }
            });
        }
        List<ScoredItem> out = new ArrayList<>();
        score.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(query.limit())
                .forEach(e -> out.add(new ScoredItem(e.getKey(), e.getValue(),
                        "customers who had " + because.get(e.getKey()) + " also had it")));
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("items_with_related", (double) related.size(), "customers", (double) history.size());
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter().writeBoolean(excludeSeen);
        Map<String, Map<String, Integer>> sorted = new TreeMap<>(related);
        w.writeInt(sorted.size());
        sorted.forEach((item, counts) -> {
            Map<String, Integer> c = new TreeMap<>(counts);
            w.writeString(item).writeStrings(List.copyOf(c.keySet()))
                    .writeInts(c.values().stream().mapToInt(Integer::intValue).toArray());
        });
        Map<String, List<String>> users = new TreeMap<>(history);
        w.writeInt(users.size());
        users.forEach((user, items) -> w.writeString(user).writeStrings(items));
        return w.toModel(@CLASS@Recommender.ID, FORMAT);
    }

    static @CLASS@Model read(SerializedModel model) {
        model.requireFormat(@CLASS@Recommender.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        boolean excludeSeen = r.readBoolean();
        int items = r.readInt();
        Map<String, Map<String, Integer>> related = new HashMap<>();
        for (int i = 0; i < items; i++) {
            String item = r.readString();
            List<String> others = r.readStrings();
            int[] counts = r.readInts();
            if (counts.length != others.size()) {
                throw new dev.merchantry.api.model.ModelFormatException("related items and counts differ in length");
            }
            Map<String, Integer> c = new HashMap<>();
            for (int k = 0; k < counts.length; k++) {
                c.put(others.get(k), counts[k]);
            }
            related.put(item, c);
        }
        int users = r.readInt();
        Map<String, List<String>> history = new HashMap<>();
        for (int i = 0; i < users; i++) {
            history.put(r.readString(), r.readStrings());
        }
        return new @CLASS@Model(related, history, excludeSeen);
    }
}
