package dev.merchantry.plugins.profiling.core;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over a shop's customers, reduced to the numbers every profiler needs, in primitive columns (memory
 * proportional to customers, not to orders). Index i is the i-th customer as {@link CustomerData} yielded it.
 * Orders after {@code asOf} are ignored.
 */
public final class CustomerTable {

    static final double DAY_MS = 86_400_000.0;

    public final Instant asOf;
    /** Length of the model's time unit in days (7 for weeks). */
    public final double unitDays;
    public int size;
    public String[] ids;
    public long[] firstSeen;
    public long[] lastSeen;
    /** All orders up to asOf. */
    public int[] orders;
    /** Last order time, epoch ms; meaningless when orders == 0. */
    public long[] lastOrder;
    /** Orders and revenue inside the RFM window. */
    public int[] windowOrders;
    public double[] windowRevenue;
    /** BG/NBD: repeat purchases, time of the last one and age, both since the first purchase, in time units. */
    public int[] x;
    public double[] tx;
    public double[] t;
    /** Gamma-Gamma: mean revenue of the repeat orders (NaN without repeat orders). */
    public double[] repeatMean;
    /** Revenue and discount of all orders, units and lines bought, product views. */
    public double[] revenue;
    public double[] discount;
    public double[] units;
    public long[] views;
    /** Spend per category in compressed rows: customer i's entries are [catStart[i], catStart[i+1]). */
    public int[] catStart;
    public int[] catId;
    public float[] catSpend;
    public int catEntries;
    public final List<String> categories = new ArrayList<>();

    private final Map<String, Integer> categoryIndex = new HashMap<>();

    private CustomerTable(Instant asOf, double unitDays, int capacity) {
        this.asOf = asOf;
        this.unitDays = unitDays;
        allocate(Math.max(16, capacity));
        catId = new int[Math.max(16, capacity)];
        catSpend = new float[Math.max(16, capacity)];
    }

    /**
     * Reads every customer once.
     *
     * @param windowDays orders older than this many days before asOf do not count in the RFM frequency and
     *        monetary value; 0 means the whole history
     * @param unitDays the BG/NBD time unit in days
     */
    public static CustomerTable read(CustomerData data, int windowDays, double unitDays, ProgressListener progress) {
        long capacity = Math.min(Math.max(16, data.customerCount()), Integer.MAX_VALUE - 16);
        CustomerTable table = new CustomerTable(data.asOf(), unitDays, (int) capacity);
        long asOfMs = data.asOf().toEpochMilli();
        long windowStart = windowDays <= 0 ? Long.MIN_VALUE : asOfMs - windowDays * 86_400_000L;
        Map<Integer, Double> spend = new HashMap<>();
        long expected = Math.max(1, data.customerCount());
        for (CustomerHistory h : data.customers()) {
            table.add(h, asOfMs, windowStart, spend);
            if ((table.size & 0xFFFF) == 0) {
                if (progress.cancelled()) {
                    throw new StrategyException("profiling was cancelled");
                }
                progress.progress(Math.min(0.3, 0.3 * table.size / expected), "read " + table.size + " customers");
            }
        }
        table.catStart[table.size] = table.catEntries;
        return table;
    }

    private void add(CustomerHistory h, long asOfMs, long windowStart, Map<Integer, Double> spend) {
        if (size + 1 >= ids.length) {
            allocate(ids.length * 2);
        }
        int i = size++;
        ids[i] = h.customerId();
        firstSeen[i] = h.firstSeen() == null ? asOfMs : h.firstSeen().toEpochMilli();
        lastSeen[i] = h.lastSeen() == null ? firstSeen[i] : h.lastSeen().toEpochMilli();
        views[i] = h.productViews();
        catStart[i] = catEntries;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int n = 0;
        int inWindow = 0;
        double windowRev = 0;
        double rev = 0;
        double disc = 0;
        double u = 0;
        spend.clear();
        for (Order o : h.orders()) {
            long ts = o.timestamp().toEpochMilli();
            if (ts > asOfMs) {
                continue;
            }
            double value = finiteOrZero(o.revenue());
            n++;
            first = Math.min(first, ts);
            last = Math.max(last, ts);
            rev += value;
            disc += Math.max(0, finiteOrZero(o.discount()));
            if (ts >= windowStart) {
                inWindow++;
                windowRev += value;
            }
            for (OrderLine line : o.lines()) {
                double q = finiteOrZero(line.quantity());
                u += q;
                if (line.category() != null && !line.category().isBlank()) {
                    double lineValue = finiteOrZero(line.price()) * q;
                    spend.merge(category(line.category()), lineValue > 0 ? lineValue : 1e-9, Double::sum);
                }
            }
        }
        orders[i] = n;
        windowOrders[i] = inWindow;
        windowRevenue[i] = windowRev;
        revenue[i] = rev;
        discount[i] = disc;
        units[i] = u;
        lastOrder[i] = n == 0 ? Long.MIN_VALUE : last;
        if (n == 0) {
            x[i] = 0;
            tx[i] = 0;
            t[i] = 0;
            repeatMean[i] = Double.NaN;
        } else {
            x[i] = n - 1;
            double unitMs = unitDays * DAY_MS;
            tx[i] = (last - first) / unitMs;
            t[i] = (asOfMs - first) / unitMs;
            // Mean of the repeat orders only, as the Gamma-Gamma literature fits it (the first order is excluded).
            if (n > 1) {
                double firstValue = 0;
                boolean seenFirst = false;
                for (Order o : h.orders()) {
                    if (!seenFirst && o.timestamp().toEpochMilli() == first) {
                        firstValue = finiteOrZero(o.revenue());
                        seenFirst = true;
                    }
                }
                repeatMean[i] = (rev - firstValue) / (n - 1);
            } else {
                repeatMean[i] = Double.NaN;
            }
        }
        if (!spend.isEmpty()) {
            Integer[] keys = spend.keySet().toArray(new Integer[0]);
            Arrays.sort(keys);
            for (Integer k : keys) {
                if (catEntries == catId.length) {
                    catId = Arrays.copyOf(catId, catId.length * 2);
                    catSpend = Arrays.copyOf(catSpend, catSpend.length * 2);
                }
                catId[catEntries] = k;
                catSpend[catEntries] = (float) (double) spend.get(k);
                catEntries++;
            }
        }
    }

    private int category(String name) {
        Integer id = categoryIndex.get(name);
        if (id == null) {
            id = categories.size();
            categories.add(name);
            categoryIndex.put(name, id);
        }
        return id;
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** Days from the last order (or, without orders, the last visit) to asOf. */
    public double recencyDays(int i) {
        long ref = orders[i] > 0 ? lastOrder[i] : lastSeen[i];
        return Math.max(0, (asOf.toEpochMilli() - ref) / DAY_MS);
    }

    private void allocate(int capacity) {
        ids = ids == null ? new String[capacity] : Arrays.copyOf(ids, capacity);
        firstSeen = grow(firstSeen, capacity);
        lastSeen = grow(lastSeen, capacity);
        orders = grow(orders, capacity);
        lastOrder = grow(lastOrder, capacity);
        windowOrders = grow(windowOrders, capacity);
        windowRevenue = grow(windowRevenue, capacity);
        x = grow(x, capacity);
        tx = grow(tx, capacity);
        t = grow(t, capacity);
        repeatMean = grow(repeatMean, capacity);
        revenue = grow(revenue, capacity);
        discount = grow(discount, capacity);
        units = grow(units, capacity);
        views = grow(views, capacity);
        catStart = grow(catStart, capacity + 1);
    }

    private static long[] grow(long[] a, int n) {
        return a == null ? new long[n] : Arrays.copyOf(a, n);
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    private static double[] grow(double[] a, int n) {
        return a == null ? new double[n] : Arrays.copyOf(a, n);
    }
}
