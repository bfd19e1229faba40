package com.example.affinity;

import dev.merchantry.api.Parallel;
import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains {@link CategoryAffinityModel}: each interaction of weight w at age a counts w·0.5^(a / half-life) towards
 * its item's popularity and towards the customer's affinity for the item's category.
 */
@Extension
public final class CategoryAffinityRecommender implements Recommender {

    public static final String ID = "category-affinity";

    /** Items without a catalog category count in this one. */
    static final String UNCATEGORIZED = "(uncategorized)";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("half_life_days", ConfigType.DOUBLE, 30.0, Validators.greaterThan(0), Importance.HIGH,
                    "Days after which an interaction counts half as much, for popularity and affinity alike.")
            .define("categories", ConfigType.INT, 3, Validators.between(1, 20), Importance.MEDIUM,
                    "How many of a customer's favourite categories recommendations come from.")
            .define("exclude_seen", ConfigType.BOOLEAN, true, Importance.LOW,
                    "Do not recommend items the customer already interacted with.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "1.0.0", "Category affinity",
                "Recommends what is popular right now in the categories each customer prefers (or in the category of"
                        + " the product being viewed). Needs a catalog with categories; says nothing for customers"
                        + " without history on pages without a product.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        Interactions in = data.interactions();
        double halfLifeMillis = config.getDouble("half_life_days") * 86_400_000.0;
        long asOf = data.asOf().toEpochMilli();
        String[] categoryOfItem = new String[in.itemCount()];
        boolean[] hidden = new boolean[in.itemCount()];
        for (int i = 0; i < in.itemCount(); i++) {
            CatalogItem item = data.catalog().get(in.itemId(i));
            categoryOfItem[i] = item == null || item.category() == null || item.category().isBlank()
                    ? UNCATEGORIZED : item.category();
            hidden[i] = item != null && item.hidden();
        }
        double[] weight = new double[in.size()];
        List<List<Integer>> rowsOfUser = new ArrayList<>();
        for (int u = 0; u < in.userCount(); u++) {
            rowsOfUser.add(new ArrayList<>());
        }
        double[] popularity = new double[in.itemCount()];
        for (int row = 0; row < in.size(); row++) {
            double age = Math.max(0, asOf - in.timestamp(row));
            weight[row] = Math.max(0, in.value(row)) * Math.pow(0.5, age / halfLifeMillis);
            popularity[in.item(row)] += weight[row];
            rowsOfUser.get(in.user(row)).add(row);
        }
        if (progress.cancelled()) {
            throw new StrategyException("training cancelled");
        }
        // Each customer's categories by affinity, on the platform's threads: users are independent.
        int categories = config.getInt("categories");
        boolean excludeSeen = config.getBoolean("exclude_seen");
        @SuppressWarnings("unchecked")
        List<String>[] favourites = new List[in.userCount()];
        @SuppressWarnings("unchecked")
        List<String>[] seen = new List[in.userCount()];
        Parallel.forRange(context, in.userCount(), 16, (from, to) -> {
            for (int u = from; u < to; u++) {
                Map<String, Double> affinity = new TreeMap<>();
                Set<String> items = new LinkedHashSet<>();
                for (int row : rowsOfUser.get(u)) {
                    affinity.merge(categoryOfItem[in.item(row)], weight[row], Double::sum);
                    items.add(in.itemId(in.item(row)));
                }
                favourites[u] = affinity.entrySet().stream().filter(e -> e.getValue() > 0)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .limit(categories).map(Map.Entry::getKey).toList();
                seen[u] = excludeSeen ? items.stream().sorted().toList() : List.of();
            }
        });
        Map<String, List<String>> favouritesByUser = new HashMap<>();
        Map<String, List<String>> seenByUser = new HashMap<>();
        for (int u = 0; u < in.userCount(); u++) {
            favouritesByUser.put(in.userId(u), favourites[u]);
            seenByUser.put(in.userId(u), seen[u]);
        }
        Map<String, Double> itemPopularity = new HashMap<>();
        Map<String, String> itemCategory = new HashMap<>();
        for (int i = 0; i < in.itemCount(); i++) {
            if (!hidden[i] && popularity[i] > 0) {
                itemPopularity.put(in.itemId(i), popularity[i]);
                itemCategory.put(in.itemId(i), categoryOfItem[i]);
            }
        }
        progress.progress(1.0, favouritesByUser.size() + " customers, " + itemPopularity.size() + " items");
        return new CategoryAffinityModel(favouritesByUser, seenByUser, itemPopularity, itemCategory);
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return CategoryAffinityModel.read(model);
    }

    static Comparator<String> byPopularity(Map<String, Double> popularity) {
        return Comparator.comparing((String item) -> -popularity.get(item)).thenComparing(item -> item);
    }
}
