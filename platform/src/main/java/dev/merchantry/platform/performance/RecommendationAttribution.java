package dev.merchantry.platform.performance;

import dev.merchantry.platform.storage.ImpressionRecord;
import dev.merchantry.platform.storage.PerformanceRepository.OrderLine;
import dev.merchantry.platform.storage.PerformanceRepository.RecommendedAction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Attributes what happened after recommendations to the lists served, and adds it up per strategy, A/B variant and
 * UTC day of serving. Pure: the caller loads the impressions, the recommendation-tagged events and the order lines.
 *
 * <p>The rules (docs/rest-api.md, Performance), with W the attribution window:
 * <ol>
 *   <li>An impression counts on the day it was served, for the strategy that answered it and its variant.</li>
 *   <li>A {@code Product Clicked} or {@code Product Added} carrying an impression's {@code recommendation_id},
 *       sent within W after it, is a click or a cart of that impression.</li>
 *   <li>An order line of product p by user u at time t is <b>click-through</b> when u clicked or added p from a
 *       recommendation in [t − W, t]: it goes to the impression of the latest such touch. Otherwise it is
 *       <b>view-through</b> when p was in a list served to u in [t − W, t]: it goes to the latest such list.
 *       Each line is attributed at most once; its revenue is price × quantity.</li>
 *   <li>An order counts once per (strategy, variant, day) and attribution kind however many lines it has there.</li>
 * </ol>
 * This is last-touch attribution, the default of most analytics tools; it credits a recommendation with a sale it
 * may not have caused (view-through above all), which is why view-through is reported apart, and why an A/B
 * experiment, not attribution, tells whether a strategy adds revenue.
 */
public final class RecommendationAttribution {

    static final long DAY_MS = 86_400_000L;

    /** Where an outcome is counted: strategy, variant ("" when none) and epoch day of serving. */
    public record Key(String strategy, String variant, long day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(day, o.day);
            if (c != 0) {
                return c;
            }
            c = strategy.compareTo(o.strategy);
            return c != 0 ? c : variant.compareTo(o.variant);
        }
    }

    /** The counts of one key; ratios are derived when rendered. */
    public static final class Figures {
        long impressions;
        long clicks;
        long carts;
        final Set<String> orders = new HashSet<>();
        final Set<String> clickThroughOrders = new HashSet<>();
        final Set<String> viewThroughOrders = new HashSet<>();
        double clickThroughRevenue;
        double viewThroughRevenue;

        public long impressions() {
            return impressions;
        }

        public long clicks() {
            return clicks;
        }

        public long carts() {
            return carts;
        }

        public long orders() {
            return orders.size();
        }

        public long clickThroughOrders() {
            return clickThroughOrders.size();
        }

        public long viewThroughOrders() {
            return viewThroughOrders.size();
        }

        public double clickThroughRevenue() {
            return clickThroughRevenue;
        }

        public double viewThroughRevenue() {
            return viewThroughRevenue;
        }
    }

    private record Touch(long ts, ImpressionRecord impression) {
    }

    private final long windowMs;

    public RecommendationAttribution(long windowMs) {
        this.windowMs = windowMs;
    }

    public static long day(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MS);
    }

    /**
     * Figures for the impressions served on days [fromDay, toDay]. For exact results the inputs must cover:
     * impressions served in [start(fromDay) − W, end(toDay) + W), actions in [start(fromDay) − W, end(toDay) + W)
     * and order lines in [start(fromDay), end(toDay) + W), each in time order.
     */
    public Map<Key, Figures> attribute(List<ImpressionRecord> impressions, List<RecommendedAction> actions,
                                       List<OrderLine> orders, long fromDay, long toDay) {
        Map<Key, Figures> out = new TreeMap<>();
        Map<String, ImpressionRecord> byId = new HashMap<>();
        Map<String, List<ImpressionRecord>> byUser = new HashMap<>();
        for (ImpressionRecord i : impressions) {
            byId.put(i.recommendationId(), i);
            if (i.userKey() != null) {
                byUser.computeIfAbsent(i.userKey(), u -> new ArrayList<>()).add(i);
            }
            Key key = key(i, fromDay, toDay);
            if (key != null) {
                out.computeIfAbsent(key, k -> new Figures()).impressions++;
            }
        }
        Map<String, List<Touch>> touches = new HashMap<>();
        for (RecommendedAction a : actions) {
            ImpressionRecord served = byId.get(a.recommendationId());
            if (served == null || a.ts() < served.ts() || a.ts() > served.ts() + windowMs) {
                continue;
            }
            touches.computeIfAbsent(a.userKey() + '\u0000' + a.productId(), k -> new ArrayList<>())
                    .add(new Touch(a.ts(), served));
            Key key = key(served, fromDay, toDay);
            if (key == null) {
                continue;
            }
            Figures f = out.computeIfAbsent(key, k -> new Figures());
            if ("Product Clicked".equals(a.type())) {
                f.clicks++;
            } else {
                f.carts++;
            }
        }
        for (OrderLine line : orders) {
            ImpressionRecord clicked = latest(touches.get(line.userKey() + '\u0000' + line.productId()), line.ts());
            boolean clickThrough = clicked != null;
            ImpressionRecord credited = clickThrough ? clicked : latestShown(byUser.get(line.userKey()), line);
            if (credited == null) {
                continue;
            }
            Key key = key(credited, fromDay, toDay);
            if (key == null) {
                continue;
            }
            Figures f = out.computeIfAbsent(key, k -> new Figures());
            f.orders.add(line.orderEventId());
            if (clickThrough) {
                f.clickThroughOrders.add(line.orderEventId());
                f.clickThroughRevenue += line.revenue();
            } else {
                f.viewThroughOrders.add(line.orderEventId());
                f.viewThroughRevenue += line.revenue();
            }
        }
        return out;
    }

    private static Key key(ImpressionRecord i, long fromDay, long toDay) {
        long day = day(i.ts());
        return day < fromDay || day > toDay ? null
                : new Key(i.strategyId(), i.variantId() == null ? "" : i.variantId(), day);
    }

    /** The impression of the latest touch in [ts − W, ts] (touches are in time order). */
    private ImpressionRecord latest(List<Touch> touches, long ts) {
        if (touches == null) {
            return null;
        }
        for (int k = touches.size() - 1; k >= 0; k--) {
            Touch t = touches.get(k);
            if (t.ts() <= ts) {
                return t.ts() >= ts - windowMs ? t.impression() : null;
            }
        }
        return null;
    }

    /** The latest list served to the line's user in [ts − W, ts] that showed the line's product. */
    private ImpressionRecord latestShown(List<ImpressionRecord> served, OrderLine line) {
        if (served == null) {
            return null;
        }
        for (int k = served.size() - 1; k >= 0; k--) {
            ImpressionRecord i = served.get(k);
            if (i.ts() > line.ts()) {
                continue;
            }
            if (i.ts() < line.ts() - windowMs) {
                return null;
            }
            if (i.items().contains(line.productId())) {
                return i;
            }
        }
        return null;
    }
}
