package @PACKAGE@;

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
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains {@link @CLASS@Model}: "customers who had this also had…" — for every pair of items, the number of customers
 * who interacted with both, counted over each customer's most recent items (item-to-item co-occurrence, the idea
 * behind Linden, Smith and York 2003, "Amazon.com recommendations: item-to-item collaborative filtering").
 *
 * <p>Replace it with your own algorithm; keep {@link #ID} stable, since shops bind the strategy by it.
 */
@Extension
public final class @CLASS@Recommender implements Recommender {

    /** The strategy id shops bind to. */
    public static final String ID = "@ID@";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("max_history", ConfigType.INT, 50, Validators.between(1, 1000), Importance.MEDIUM,
                    "Most recent items per customer that are paired; bounds the work per customer (pairs grow with its"
                            + " square).")
            .define("min_support", ConfigType.INT, 1, Validators.atLeast(1), Importance.MEDIUM,
                    "Customers who must share two items before the items count as related.")
            .define("exclude_seen", ConfigType.BOOLEAN, true, Importance.LOW,
                    "Do not recommend items the customer already interacted with.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.RECOMMENDER, "0.1.0", "@TITLE@",
                "Recommends the items most often shared with what the customer (or the product page) already has:"
                        + " for each pair of items, the number of customers who interacted with both. Needs a few"
                        + " customers with more than one item; says nothing for customers without history.", SPEC);
    }

    @Override
    public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress) {
        Interactions in = data.interactions();
        int maxHistory = config.getInt("max_history");
        List<List<Integer>> rowsByUser = new ArrayList<>();
        for (int u = 0; u < in.userCount(); u++) {
            rowsByUser.add(new ArrayList<>());
        }
        for (int row = 0; row < in.size(); row++) {
            if (in.value(row) > 0) {
                rowsByUser.get(in.user(row)).add(row);
            }
        }
        Map<String, List<String>> history = new TreeMap<>();
        Map<String, Map<String, Integer>> together = new TreeMap<>();
        for (int u = 0; u < rowsByUser.size(); u++) {
            if (progress.cancelled()) {
                throw new StrategyException("training cancelled");
            }
            // Most recent first, ties by item id, so that the model does not depend on row order.
            List<String> items = rowsByUser.get(u).stream()
                    .sorted(Comparator.comparingLong((Integer r) -> -in.timestamp(r))
                            .thenComparing(r -> in.itemId(in.item(r))))
                    .map(r -> in.itemId(in.item(r))).distinct().limit(maxHistory).toList();
            history.put(in.userId(u), items);
            for (String a : items) {
                for (String b : items) {
                    if (!a.equals(b)) {
                        together.computeIfAbsent(a, k -> new TreeMap<>()).merge(b, 1, Integer::sum);
                    }
                }
            }
            progress.progress((u + 1.0) / rowsByUser.size(), "customer " + (u + 1) + "/" + rowsByUser.size());
        }
        int minSupport = config.getInt("min_support");
        Map<String, Map<String, Integer>> related = new HashMap<>();
        together.forEach((item, counts) -> {
            Map<String, Integer> kept = new TreeMap<>();
            counts.forEach((other, n) -> {
                if (n >= minSupport) {
                    kept.put(other, n);
                }
            });
            if (!kept.isEmpty()) {
                related.put(item, kept);
            }
        });
        context.metrics().record("related_items", related.size());
        return new @CLASS@Model(related, history, config.getBoolean("exclude_seen"));
    }

    @Override
    public RecommenderModel load(SerializedModel model) {
        return @CLASS@Model.read(model);
    }
}
