package dev.merchantry.platform.experiments;

import dev.merchantry.platform.experiments.stats.ArmStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-product outcome of a pricing experiment at each daily look: a product's revenue (or profit: revenue − cost
 * × units) from its first exposure — its first price decision in the experiment — to the look, divided by the days
 * it has been exposed. A product counts at a look once it has been exposed for a whole day, so a product decided an
 * hour before a look does not enter with a rate extrapolated from one hour. Each product weighs the same whatever its
 * exposure (the mean of per-product rates, not a ratio of sums), which keeps one independent outcome per unit: the
 * form the sequential test and the delta-method lift take ({@code stats.Lift}, Welch's unpooled variances). For
 * profit, products without a cost are left out: their profit is unknown. Pure: the caller streams the products.
 */
final class ProductDayLooks {

    static final long DAY_MS = 86_400_000L;

    /** One order line of the product, at {@code at} (epoch ms). */
    record Sale(long at, double units, double revenue) {
    }

    /** An exposed product: its variant (index), first exposure, unit cost (null when unknown) and its sales. */
    record Product(int variant, long firstAt, Double cost, List<Sale> sales) {
    }

    /** Per look, per variant: the statistics of the products counted, and their exposed product-days. */
    record Looks(List<List<ArmStats>> looks, double[][] productDays) {
    }

    private final long start;
    private final long end;
    private final int days;
    private final int variants;
    private final boolean profit;
    private final long[][] units;
    private final double[][] sums;
    private final double[][] squares;
    private final double[][] productDays;

    /**
     * @param start the experiment's start (epoch ms); look {@code d} (0-based) is at {@code start + (d + 1) days},
     *              the last one at {@code end} at the latest
     * @param end   now, or when the experiment stopped (epoch ms); sales from then on are not counted
     */
    ProductDayLooks(long start, long end, int days, int variants, boolean profit) {
        this.start = start;
        this.end = end;
        this.days = days;
        this.variants = variants;
        this.profit = profit;
        this.units = new long[days][variants];
        this.sums = new double[days][variants];
        this.squares = new double[days][variants];
        this.productDays = new double[days][variants];
    }

    /** Adds a product to every look it counts at. */
    void add(Product p) {
        if (p.variant() < 0 || p.variant() >= variants || profit && p.cost() == null) {
            return;
        }
        for (int d = 0; d < days; d++) {
            long look = Math.min(start + (d + 1) * DAY_MS, end);
            long exposed = look - p.firstAt();
            if (exposed < DAY_MS) {
                continue;
            }
            double total = 0;
            for (Sale s : p.sales()) {
                if (s.at() >= p.firstAt() && s.at() < look) {
                    total += profit ? s.revenue() - p.cost() * s.units() : s.revenue();
                }
            }
            double perDay = total / ((double) exposed / DAY_MS);
            units[d][p.variant()]++;
            sums[d][p.variant()] += perDay;
            squares[d][p.variant()] += perDay * perDay;
            productDays[d][p.variant()] += (double) exposed / DAY_MS;
        }
    }

    Looks result() {
        List<List<ArmStats>> looks = new ArrayList<>(days);
        for (int d = 0; d < days; d++) {
            List<ArmStats> look = new ArrayList<>(variants);
            for (int v = 0; v < variants; v++) {
                look.add(new ArmStats(units[d][v], sums[d][v], squares[d][v]));
            }
            looks.add(look);
        }
        return new Looks(looks, productDays);
    }
}
