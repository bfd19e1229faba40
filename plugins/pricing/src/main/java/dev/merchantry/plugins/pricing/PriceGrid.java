package dev.merchantry.plugins.pricing;

import dev.merchantry.api.pricing.PricingContext;

/**
 * Candidate prices and the guardrails around them. Candidates are {@code points} prices evenly spaced between
 * {@code minRatio} and {@code maxRatio} × the list price, in cents (optionally charm-rounded to x.99). The guardrails
 * are applied last, to whatever price an agent picks, so no rounding can break them.
 */
final class PriceGrid {

    private PriceGrid() {
    }

    /** The candidate prices, cheapest first; duplicates (tiny list prices) are kept so arm indices stay stable. */
    static double[] candidates(double listPrice, PricingSettings s) {
        double[] prices = new double[s.pricePoints()];
        for (int k = 0; k < prices.length; k++) {
            double ratio = s.minPriceRatio() + (s.maxPriceRatio() - s.minPriceRatio()) * k / (prices.length - 1);
            double p = cents(listPrice * ratio);
            prices[k] = s.charmEndings() ? charm(p) : p;
        }
        for (int k = 0; k < prices.length; k++) {
            prices[k] = Math.max(prices[k], 0.01);
        }
        return prices;
    }

    /** Rounds to whole cents. */
    static double cents(double price) {
        return Math.round(price * 100) / 100.0;
    }

    /** x.99: the nearest whole amount minus a cent (15.99 for 16.20); prices under 1 are left in cents. */
    static double charm(double price) {
        double whole = Math.round(price);
        return whole >= 1 ? cents(whole - 0.01) : cents(price);
    }

    /**
     * The allowed price interval for one decision.
     *
     * @param floor cost × (1 + min_margin); 0 when the cost is unknown
     * @param low the lowest allowed price (never below the floor)
     * @param high the highest allowed price; below {@code low} only when the margin floor overrides the change limit
     */
    record Guardrails(double floor, double low, double high) {

        static Guardrails of(PricingContext product, double cost, PricingSettings s) {
            double floor = Double.isFinite(cost) && cost > 0 ? cost * (1 + s.minMargin()) : 0;
            double current = referencePrice(product);
            double low = Math.max(floor, current * (1 - s.maxChangeRatio()));
            double high = current * (1 + s.maxChangeRatio());
            return new Guardrails(floor, low, Math.max(high, low));
        }

        boolean allows(double price) {
            return price >= low && price <= high;
        }

        /**
         * The allowed price closest to {@code price}: itself when allowed, else the nearest bound, in whole cents when
         * a whole-cent price fits inside the bounds.
         */
        double clamp(double price) {
            if (price < low) {
                double up = Math.ceil(low * 100 - 1e-9) / 100;
                return up <= high ? up : low;
            }
            if (price > high) {
                double down = Math.floor(high * 100 + 1e-9) / 100;
                return down >= low && down > 0 ? down : high;
            }
            return price;
        }
    }

    /** The price the change limit is measured from: the current price, else the list price. */
    static double referencePrice(PricingContext product) {
        double current = product.currentPrice();
        return Double.isFinite(current) && current > 0 ? current : product.listPrice();
    }

    /**
     * The candidate an observed price belongs to: the nearest one, if it lies within a quarter of the grid step
     * (relative); else -1 (an observation far between candidates would bias both neighbours).
     */
    static int armOf(double price, double[] prices) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < prices.length; k++) {
            double d = Math.abs(price - prices[k]);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        double step = prices.length > 1 ? (prices[prices.length - 1] - prices[0]) / (prices.length - 1) : prices[0];
        double tolerance = Math.max(0.25 * step, 0.011);
        return bestDistance <= tolerance ? best : -1;
    }
}
