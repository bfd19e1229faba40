package dev.merchantry.plugins.profiling.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-segment sums of what merchants read about a segment; {@link #averages} turns them into means. */
public final class SegmentStats {

    private final int k;
    final long[] customers;
    private final long[] buyers;
    private final double[] recency;
    private final double[] orders;
    private final double[] monetary;
    private final double[] revenue;
    private final double[] units;
    private final double[] discount;
    private final double[] gross;
    private final double[] views;
    private final double[] value;
    private final double[] alive;
    private final long[] scored;

    public SegmentStats(int k) {
        this.k = k;
        customers = new long[k];
        buyers = new long[k];
        recency = new double[k];
        orders = new double[k];
        monetary = new double[k];
        revenue = new double[k];
        units = new double[k];
        discount = new double[k];
        gross = new double[k];
        views = new double[k];
        value = new double[k];
        alive = new double[k];
        scored = new long[k];
    }

    public void add(int segment, CustomerTable t, int i, float value365, float pAlive) {
        customers[segment]++;
        recency[segment] += t.recencyDays(i);
        orders[segment] += t.windowOrders[i];
        monetary[segment] += t.windowRevenue[i];
        views[segment] += t.views[i];
        if (t.orders[i] > 0) {
            buyers[segment]++;
            revenue[segment] += t.revenue[i] / t.orders[i];
            units[segment] += t.units[i] / t.orders[i];
            double g = t.revenue[i] + t.discount[i];
            discount[segment] += g > 0 ? t.discount[i] / g : 0;
        }
        if (!Float.isNaN(pAlive)) {
            scored[segment]++;
            value[segment] += value365;
            alive[segment] += pAlive;
        }
    }

    public long size(int segment) {
        return customers[segment];
    }

    /**
     * Means over the segment: {@code recency_days, orders, monetary, avg_order_value, units_per_order,
     * discount_share, views, value_365d, p_alive, churn_risk} (the last three over customers with orders).
     */
    public Map<String, Double> averages(int s) {
        Map<String, Double> out = new LinkedHashMap<>();
        double n = Math.max(1, customers[s]);
        double b = Math.max(1, buyers[s]);
        out.put("recency_days", ProfileMath.round(recency[s] / n, 1));
        out.put("orders", ProfileMath.round(orders[s] / n, 2));
        out.put("monetary", ProfileMath.round(monetary[s] / n, 2));
        out.put("avg_order_value", ProfileMath.round(revenue[s] / b, 2));
        out.put("units_per_order", ProfileMath.round(units[s] / b, 2));
        out.put("discount_share", ProfileMath.round(discount[s] / b, 3));
        out.put("views", ProfileMath.round(views[s] / n, 1));
        if (scored[s] > 0) {
            out.put("value_365d", ProfileMath.round(value[s] / scored[s], 2));
            out.put("p_alive", ProfileMath.round(alive[s] / scored[s], 3));
            out.put("churn_risk", ProfileMath.round(1 - alive[s] / scored[s], 3));
        }
        return out;
    }

    public int k() {
        return k;
    }
}
