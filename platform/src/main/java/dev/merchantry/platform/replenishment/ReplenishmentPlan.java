package dev.merchantry.platform.replenishment;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * One product's replenishment figures, computed from its demand forecast over the lead time (L) and lead time plus
 * review period (L+R), with a normal approximation of cumulative demand:
 * <ul>
 *   <li>mean demand over L is the sum of the per-day forecast means;</li>
 *   <li>its standard deviation combines the per-day forecast standard deviations as independent
 *       (σ_L = √Σσ_h², σ_h read off the upper 95% bound, which is not clipped at zero like the lower one);</li>
 *   <li>safety stock = z·σ_L with z the service level's normal quantile; reorder point = mean over L + safety
 *       stock; order-up-to level S = mean over L+R + z·σ_{L+R};</li>
 *   <li>when stock on hand is at or below the reorder point, order max(min order quantity, ⌈S − on hand⌉);</li>
 *   <li>stock-out risk = P(demand over L &gt; on hand); days of cover = on hand / mean daily demand.</li>
 * </ul>
 */
public record ReplenishmentPlan(String productId, String title, Long onHand, ReplenishmentPolicy policy, String model,
                                double leadTimeDemand, double leadTimeDemandSd, double safetyStock, double reorderPoint,
                                double orderUpToLevel, Long orderQuantity, Double daysOfCover, Double stockoutRisk) {

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);
    private static final double Z95 = 1.959963984540054;

    /**
     * @param perDayMean forecast mean per day, at least {@code leadTime + reviewPeriod} days
     * @param perDayHi95 upper 95% bound per day, same length
     */
    static ReplenishmentPlan compute(String productId, String title, Long onHand, ReplenishmentPolicy policy,
                                     String model, double[] perDayMean, double[] perDayHi95) {
        int lead = policy.leadTimeDays();
        int cycle = lead + policy.reviewPeriodDays();
        double meanL = 0;
        double varL = 0;
        double meanLR = 0;
        double varLR = 0;
        for (int h = 0; h < cycle; h++) {
            double mean = Math.max(0, perDayMean[h]);
            double sd = Math.max(0, perDayHi95[h] - perDayMean[h]) / Z95;
            if (h < lead) {
                meanL += mean;
                varL += sd * sd;
            }
            meanLR += mean;
            varLR += sd * sd;
        }
        double z = STANDARD.inverseCumulativeProbability(policy.serviceLevel());
        double sdL = Math.sqrt(varL);
        double safety = Math.max(0, z * sdL);
        double reorderPoint = meanL + safety;
        double orderUpTo = meanLR + Math.max(0, z * Math.sqrt(varLR));
        Long quantity = null;
        Double cover = null;
        Double risk = null;
        if (onHand != null) {
            long stock = Math.max(0, onHand);
            quantity = stock <= reorderPoint
                    ? Math.max(policy.minOrderQuantity(), (long) Math.ceil(orderUpTo - stock)) : 0L;
            double dailyMean = meanLR / cycle;
            cover = dailyMean > 0 ? stock / dailyMean : null;
            if (sdL > 0) {
                risk = 1 - STANDARD.cumulativeProbability((stock - meanL) / sdL);
            } else {
                risk = stock < meanL ? 1.0 : 0.0;
            }
        }
        return new ReplenishmentPlan(productId, title, onHand, policy, model, meanL, sdL, safety, reorderPoint,
                orderUpTo, quantity, cover, risk);
    }
}
