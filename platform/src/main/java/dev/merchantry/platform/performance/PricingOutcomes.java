package dev.merchantry.platform.performance;

import dev.merchantry.platform.performance.RecommendationAttribution.Key;
import dev.merchantry.platform.storage.PerformanceRepository.PricePeriod;
import dev.merchantry.platform.storage.PerformanceRepository.PricedProduct;
import dev.merchantry.platform.storage.PerformanceRepository.ProductDay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Revenue and profit per product-day of the products pricing agents decide for, split by who set the price that
 * day: the agent whose decision was in force at noon (UTC), else the list price ({@link #LIST_PRICE}). A product's
 * days count from its first day in the range with a sale or an agent's price, so a product launched later does not
 * add empty list-price days. Pure: the caller loads the periods, the daily sales and the products.
 *
 * <p>This compares periods, not a controlled experiment: season, stock and the agent's choice of which products to
 * move all differ between them. Per product-day figures make the two sides comparable in scale, not in cause.
 */
public final class PricingOutcomes {

    /** The row of the product-days no agent's price was in force. */
    public static final String LIST_PRICE = "list-price";
    private static final long DAY_MS = RecommendationAttribution.DAY_MS;

    /** The sums of one (strategy, day). */
    public static final class Figures {
        long productDays;
        double units;
        double revenue;
        double profit;
        long costedProductDays;

        public long productDays() {
            return productDays;
        }

        public double units() {
            return units;
        }

        public double revenue() {
            return revenue;
        }

        /** Revenue − cost × units over the product-days whose product has a cost. */
        public double profit() {
            return profit;
        }

        public long costedProductDays() {
            return costedProductDays;
        }
    }

    private PricingOutcomes() {
    }

    public static Map<Key, Figures> compute(List<PricedProduct> products, List<PricePeriod> periods,
                                            List<ProductDay> sales, long fromDay, long toDay) {
        Map<String, List<PricePeriod>> periodsOf = new HashMap<>();
        for (PricePeriod p : periods) {
            periodsOf.computeIfAbsent(p.productId(), k -> new ArrayList<>()).add(p);
        }
        Map<String, Map<Long, ProductDay>> salesOf = new HashMap<>();
        for (ProductDay s : sales) {
            salesOf.computeIfAbsent(s.productId(), k -> new HashMap<>()).put(s.day(), s);
        }
        Map<Key, Figures> out = new TreeMap<>();
        for (PricedProduct product : products) {
            List<PricePeriod> own = periodsOf.getOrDefault(product.productId(), List.of());
            Map<Long, ProductDay> sold = salesOf.getOrDefault(product.productId(), Map.of());
            long first = Long.MAX_VALUE;
            for (long d : sold.keySet()) {
                first = Math.min(first, d);
            }
            for (PricePeriod p : own) {
                first = Math.min(first, Math.max(fromDay, Math.floorDiv(p.start(), DAY_MS)));
            }
            for (long day = Math.max(fromDay, first); day <= toDay; day++) {
                long noon = day * DAY_MS + DAY_MS / 2;
                String strategy = LIST_PRICE;
                for (PricePeriod p : own) {
                    if (p.start() <= noon && (p.end() == null || noon < p.end())) {
                        strategy = p.strategyId(); // periods are by start: the latest in force wins
                    }
                }
                Figures f = out.computeIfAbsent(new Key(strategy, "", day), k -> new Figures());
                f.productDays++;
                ProductDay s = sold.get(day);
                double units = s == null ? 0 : s.units();
                double revenue = s == null ? 0 : s.revenue();
                f.units += units;
                f.revenue += revenue;
                if (product.cost() != null) {
                    f.costedProductDays++;
                    f.profit += revenue - product.cost() * units;
                }
            }
        }
        return out;
    }
}
