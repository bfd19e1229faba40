package dev.merchantry.platform.storage;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** SQL views over {@code events}, {@code event_items} and {@code inventory_snapshots}. */
final class SqlCommerceViews implements CommerceViews {

    static final String PURCHASE = "Order Completed";
    static final String REFUND = "Order Refunded";
    static final String RATING = "Product Reviewed";
    static final long DAY_MS = 86_400_000L;
    /** Customers read per page when streaming customer histories. */
    static final int CUSTOMER_PAGE = 500;

    private final Jdbc jdbc;

    SqlCommerceViews(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Long> itemCounts(String shop, Instant asOf) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.forEach("counting interactions", "SELECT type, COUNT(*) AS n FROM event_items WHERE shop_id = ?"
                + " AND ts <= ? GROUP BY type", rs -> counts.put(rs.getString("type"), rs.getLong("n")), shop, asOf);
        return counts;
    }

    @Override
    public Interactions ratings(String shop, Instant asOf) {
        Interactions.Builder b = Interactions.builder(true);
        String[] last = new String[2];
        double[] value = new double[1];
        long[] time = new long[1];
        // Ordered by pair then time: the last row of each pair is its latest rating.
        jdbc.forEach("reading ratings", "SELECT user_key, product_id, rating, ts FROM event_items WHERE shop_id = ?"
                + " AND type = ? AND ts <= ? ORDER BY user_key, product_id, ts, event_id", rs -> {
                    String user = rs.getString(1);
                    String item = rs.getString(2);
                    if (last[0] != null && !(last[0].equals(user) && last[1].equals(item))) {
                        b.add(last[0], last[1], value[0], time[0]);
                    }
                    last[0] = user;
                    last[1] = item;
                    value[0] = rs.getDouble(3);
                    time[0] = rs.getLong(4);
                }, shop, RATING, asOf);
        if (last[0] != null) {
            b.add(last[0], last[1], value[0], time[0]);
        }
        return b.build();
    }

    @Override
    public Interactions weightedInteractions(String shop, Instant asOf, Map<String, Double> weights) {
        Interactions.Builder b = Interactions.builder(false);
        Object[] pair = new Object[2];
        double[] sum = new double[1];
        long[] latest = new long[1];
        jdbc.forEach("reading interactions", "SELECT user_key, product_id, type, COUNT(*) AS n, MAX(ts) AS t,"
                + " AVG(rating) AS r FROM event_items WHERE shop_id = ? AND ts <= ?"
                + " GROUP BY user_key, product_id, type ORDER BY user_key, product_id", rs -> {
                    String user = rs.getString(1);
                    String item = rs.getString(2);
                    if (pair[0] != null && !(pair[0].equals(user) && pair[1].equals(item))) {
                        flush(b, pair, sum, latest);
                    }
                    pair[0] = user;
                    pair[1] = item;
                    String type = rs.getString(3);
                    Double w = weights.get(type);
                    if (w != null && w != 0) {
                        sum[0] += RATING.equals(type) ? w * rs.getDouble("r") : w * rs.getLong("n");
                        latest[0] = Math.max(latest[0], rs.getLong("t"));
                    }
                }, shop, asOf);
        flush(b, pair, sum, latest);
        return b.build();
    }

    private static void flush(Interactions.Builder b, Object[] pair, double[] sum, long[] latest) {
        if (pair[0] != null && sum[0] > 0) {
            b.add((String) pair[0], (String) pair[1], sum[0], latest[0]);
        }
        sum[0] = 0;
        latest[0] = 0;
    }

    @Override
    public List<Basket> baskets(String shop, Instant asOf) {
        List<Basket> baskets = new ArrayList<>();
        List<String> items = new ArrayList<>();
        Object[] current = new Object[4];
        jdbc.forEach("reading baskets", "SELECT i.event_id, e.order_id, e.customer_id, i.ts, i.product_id"
                + " FROM event_items i JOIN events e ON e.shop_id = i.shop_id AND e.event_id = i.event_id"
                + " WHERE i.shop_id = ? AND i.type = ? AND i.ts <= ? ORDER BY i.ts, i.event_id, i.line_no", rs -> {
                    String eventId = rs.getString(1);
                    if (current[0] != null && !current[0].equals(eventId)) {
                        baskets.add(new Basket((String) current[1], (String) current[2], (Long) current[3],
                                distinct(items)));
                        items.clear();
                    }
                    current[0] = eventId;
                    current[1] = rs.getString(2);
                    current[2] = rs.getString(3);
                    current[3] = rs.getLong(4);
                    items.add(rs.getString(5));
                }, shop, PURCHASE, asOf);
        if (current[0] != null) {
            baskets.add(new Basket((String) current[1], (String) current[2], (Long) current[3], distinct(items)));
        }
        return baskets;
    }

    private static List<String> distinct(List<String> items) {
        return items.stream().distinct().toList();
    }

    @Override
    public List<String> soldProducts(String shop) {
        return jdbc.query("listing sold products", "SELECT DISTINCT product_id FROM event_items WHERE shop_id = ?"
                + " AND type = ? ORDER BY product_id", rs -> rs.getString(1), shop, PURCHASE);
    }

    @Override
    public List<String> purchasedBy(String shop, String customerKey, int limit) {
        // Grouped by an expression, not the column: grouping by product_id made SQLite walk the (shop, product) index
        // over the whole shop to skip a sort (~34 ms per customer on the demo, growing with the shop) instead of
        // reading the customer's few rows through the (shop, user) index. MAX(product_id) is the group's product id.
        return jdbc.query("reading a customer's purchases", "SELECT MAX(product_id) FROM event_items WHERE shop_id = ?"
                + " AND user_key = ? AND type = ? GROUP BY product_id || '' ORDER BY MAX(ts) DESC LIMIT ?",
                rs -> rs.getString(1), shop, customerKey, PURCHASE, limit);
    }

    @Override
    public TimeSeries dailyDemand(String shop, String productId, Instant asOf, int maxDays) {
        long endDay = Math.floorDiv(asOf.toEpochMilli(), DAY_MS); // exclusive: today is not complete
        Map<Long, Double> units = new HashMap<>();
        long[] first = {Long.MAX_VALUE};
        jdbc.forEach("reading demand of " + productId, "SELECT ts / " + DAY_MS + " AS d, SUM(quantity) AS q"
                + " FROM event_items WHERE shop_id = ? AND product_id = ? AND type = ? AND ts >= 0 AND ts < ?"
                + " GROUP BY ts / " + DAY_MS, rs -> {
                    long day = rs.getLong("d");
                    units.put(day, rs.getDouble("q"));
                    first[0] = Math.min(first[0], day);
                }, shop, productId, PURCHASE, endDay * DAY_MS);
        long startDay = units.isEmpty() ? endDay : Math.max(first[0], endDay - maxDays);
        int n = (int) (endDay - startDay);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = units.getOrDefault(startDay + i, 0.0);
        }
        markStockOuts(shop, productId, startDay, endDay, values);
        return TimeSeries.of(productId, Frequency.DAILY, LocalDate.ofEpochDay(startDay), values);
    }

    /**
     * Sets to NaN every day on which the product was out of stock at some moment: a snapshot at 0 during the day,
     * or a day that began at 0 (the level carried over from the last earlier snapshot).
     */
    private void markStockOuts(String shop, String productId, long startDay, long endDay, double[] values) {
        if (values.length == 0) {
            return;
        }
        long[] level = {-1};       // stock after the latest snapshot read; -1 before any
        long[] nextDay = {startDay}; // first day whose start-of-day level is not yet checked
        jdbc.forEach("reading stock of " + productId, "SELECT ts, on_hand FROM inventory_snapshots"
                + " WHERE shop_id = ? AND product_id = ? AND ts < ? ORDER BY ts", rs -> {
                    long snapshotDay = Math.floorDiv(rs.getLong(1), DAY_MS);
                    long onHand = rs.getLong(2);
                    // Every day up to and including this snapshot's day began at the previous level.
                    while (nextDay[0] <= snapshotDay && nextDay[0] < endDay) {
                        if (level[0] == 0) {
                            values[(int) (nextDay[0] - startDay)] = Double.NaN;
                        }
                        nextDay[0]++;
                    }
                    if (onHand == 0 && snapshotDay >= startDay && snapshotDay < endDay) {
                        values[(int) (snapshotDay - startDay)] = Double.NaN;
                    }
                    level[0] = onHand;
                }, shop, productId, endDay * DAY_MS);
        for (long day = nextDay[0]; day < endDay; day++) {
            if (level[0] == 0) {
                values[(int) (day - startDay)] = Double.NaN;
            }
        }
    }

    @Override
    public List<PriceObservation> priceHistory(String shop, String productId, Instant asOf) {
        return jdbc.query("reading price history of " + productId, "SELECT ts / " + DAY_MS + " AS d, price,"
                + " SUM(quantity) AS q, SUM(price * quantity) AS r FROM event_items WHERE shop_id = ?"
                + " AND product_id = ? AND type = ? AND price IS NOT NULL AND ts >= 0 AND ts <= ?"
                + " GROUP BY ts / " + DAY_MS + ", price ORDER BY d, price",
                rs -> new PriceObservation(Instant.ofEpochMilli(rs.getLong("d") * DAY_MS), rs.getDouble("price"),
                        rs.getDouble("q"), rs.getDouble("r")), shop, productId, PURCHASE, asOf);
    }

    @Override
    public CustomerData customers(String shop, Instant asOf, Map<String, String> categories) {
        long count = jdbc.one("counting customers", "SELECT COUNT(DISTINCT customer_id) FROM events"
                + " WHERE shop_id = ? AND customer_id IS NOT NULL AND ts <= ?", rs -> rs.getLong(1), shop, asOf)
                .orElse(0L);
        return new CustomerData(asOf, count, () -> new CustomerPages(shop, asOf, categories));
    }

    /** Iterates customers by id, reading one page of customers (all their events) per query. */
    private final class CustomerPages implements Iterator<CustomerHistory> {
        private final String shop;
        private final Instant asOf;
        private final Map<String, String> categories;
        private Iterator<CustomerHistory> page = List.<CustomerHistory>of().iterator();
        private Map<String, Double> refunded;
        private String after = "";
        private boolean exhausted;

        CustomerPages(String shop, Instant asOf, Map<String, String> categories) {
            this.shop = shop;
            this.asOf = asOf;
            this.categories = categories;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && !exhausted) {
                List<CustomerHistory> next = readPage();
                page = next.iterator();
            }
            return page.hasNext();
        }

        @Override
        public CustomerHistory next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }

        private List<CustomerHistory> readPage() {
            if (refunded == null) {
                refunded = refunds(shop, asOf);
            }
            List<String> ids = jdbc.query("listing customers", "SELECT DISTINCT customer_id FROM events"
                    + " WHERE shop_id = ? AND customer_id > ? AND ts <= ? ORDER BY customer_id LIMIT " + CUSTOMER_PAGE,
                    rs -> rs.getString(1), shop, after, asOf);
            if (ids.size() < CUSTOMER_PAGE) {
                exhausted = true;
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            String firstId = ids.get(0);
            String lastId = ids.get(ids.size() - 1);
            after = lastId;
            Map<String, CustomerAccumulator> byId = new LinkedHashMap<>();
            Map<String, List<OrderLine>> lines = new HashMap<>();
            jdbc.forEach("reading order lines", "SELECT event_id, product_id, category, quantity, price"
                    + " FROM event_items WHERE shop_id = ? AND type = ? AND user_key >= ? AND user_key <= ?"
                    + " AND ts <= ? ORDER BY event_id, line_no", rs -> {
                        String product = rs.getString(2);
                        String category = rs.getString(3);
                        double quantity = rs.getDouble(4);
                        double price = rs.getDouble(5);
                        boolean unpriced = rs.wasNull();
                        lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new OrderLine(product,
                                category != null ? category : categories.get(product), quantity,
                                unpriced ? Double.NaN : price));
                    }, shop, PURCHASE, firstId, lastId, asOf);
            jdbc.forEach("reading customer events", "SELECT customer_id, event_id, type, ts, order_id, revenue, discount"
                    + " FROM events WHERE shop_id = ? AND customer_id >= ? AND customer_id <= ? AND ts <= ?"
                    + " ORDER BY customer_id, ts, event_id", rs -> {
                        String customer = rs.getString(1);
                        CustomerAccumulator acc = byId.computeIfAbsent(customer, CustomerAccumulator::new);
                        long ts = rs.getLong(4);
                        acc.seen(ts);
                        String type = rs.getString(3);
                        switch (type) {
                            case PURCHASE -> {
                                String eventId = rs.getString(2);
                                double revenue = rs.getDouble(6);
                                double discount = rs.getDouble(7);
                                Order order = new Order(rs.getString(5), Instant.ofEpochMilli(ts), revenue, discount,
                                        lines.getOrDefault(eventId, List.of()));
                                acc.orders.add(order);
                            }
                            case "Product Viewed" -> acc.views++;
                            case "Product Added" -> acc.cartAdds++;
                            default -> {
                            }
                        }
                    }, shop, firstId, lastId, asOf);
            List<CustomerHistory> out = new ArrayList<>(byId.size());
            for (String id : ids) {
                CustomerAccumulator acc = byId.get(id);
                if (acc != null) {
                    out.add(acc.toHistory(refunded));
                }
            }
            return out;
        }
    }

    /**
     * Refunded amount per order id, read once per pass over the customers (refunds are a small share of events,
     * and any customer or none may have sent them). A refund without an amount refunds the whole order: it counts
     * as +infinity, capped at the order's revenue.
     */
    private Map<String, Double> refunds(String shop, Instant asOf) {
        Map<String, Double> refunded = new HashMap<>();
        jdbc.forEach("reading refunds", "SELECT order_id, revenue FROM events WHERE shop_id = ? AND type = ?"
                + " AND ts <= ?", rs -> {
                    double amount = rs.getDouble(2);
                    boolean whole = rs.wasNull();
                    refunded.merge(rs.getString(1), whole ? Double.POSITIVE_INFINITY : amount, Double::sum);
                }, shop, REFUND, asOf);
        return refunded;
    }

    /** Collects one customer's events while the page is read. */
    private static final class CustomerAccumulator {
        final String id;
        final List<Order> orders = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long views;
        long cartAdds;

        CustomerAccumulator(String id) {
            this.id = id;
        }

        void seen(long ts) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }

        CustomerHistory toHistory(Map<String, Double> refunded) {
            List<Order> net = new ArrayList<>(orders.size());
            for (Order o : orders) {
                Double r = refunded.get(o.orderId());
                net.add(r == null ? o : new Order(o.orderId(), o.timestamp(), Math.max(0, o.revenue() - r),
                        o.discount(), o.lines()));
            }
            return new CustomerHistory(id, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), net, views,
                    cartAdds);
        }
    }
}
