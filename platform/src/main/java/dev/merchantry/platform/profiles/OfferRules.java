package dev.merchantry.platform.profiles;

import io.vertx.core.json.JsonObject;

/**
 * The suggested offer for a customer, from her RFM group, her monetary score and her churn risk (first rule that
 * matches; the table is in docs/algorithms/profiling.md). "High value" means a monetary score of 4–5: the top 40 %
 * of the shop's buyers by spend. Discounts go where they can change behaviour — lapsing customers worth winning
 * back and one-time buyers before their second order — and never to customers who buy anyway.
 */
public final class OfferRules {

    /** Above this churn risk a customer is most likely gone for good; only high value still justifies a win-back. */
    static final double HOPELESS_CHURN_RISK = 0.95;

    private OfferRules() {
    }

    /** {@code {rule, discount_percent, message}}. */
    public static JsonObject offer(String group, int mScore, Double churnRisk) {
        boolean highValue = mScore >= 4;
        boolean hopeless = churnRisk != null && churnRisk >= HOPELESS_CHURN_RISK;
        return switch (group) {
            case "CHAMPIONS" -> offer("none", 0, "Buys without incentives: thank them and offer early access, not a discount");
            case "LOYAL" -> offer("loyalty_reward", 0, "Reward loyalty with points or free shipping; no discount needed");
            case "ACTIVE" -> offer("cross_sell", 0, "Recommend complementary products; no discount");
            case "NEW" -> offer("second_order", 10, "10% off a second order within 30 days: the second order makes a regular");
            case "PROMISING" -> offer("second_order", 10, "10% off the next order to build the habit");
            case "NEEDS_ATTENTION" -> offer("reminder", 5, "Personal picks with 5% off to re-engage before they slip");
            case "AT_RISK", "PREVIOUSLY_LOYAL" -> hopeless && !highValue
                    ? offer("none", 0, "Most likely gone and low value: not worth a coupon")
                    : highValue ? offer("win_back", 20, "Win-back coupon: 20% off, valid 14 days, on their personal picks")
                    : offer("win_back", 10, "Win-back coupon: 10% off, valid 14 days");
            case "ALMOST_LOST" -> hopeless
                    ? offer("none", 0, "Most likely gone: not worth a coupon")
                    : highValue ? offer("win_back", 15, "Win-back coupon: 15% off, valid 14 days")
                    : offer("win_back", 10, "Win-back coupon: 10% off, valid 14 days");
            case "DORMANT" -> hopeless || !highValue
                    ? offer("none", 0, "Dormant and low value or most likely gone: leave out of paid campaigns")
                    : offer("reactivation", 15, "Reactivation: 15% off with what is new since their last order");
            case "PROSPECTS" -> offer("first_order", 10, "10% off a first order, on the products they looked at");
            default -> offer("none", 0, "No rule for group " + group);
        };
    }

    private static JsonObject offer(String rule, int discount, String message) {
        return new JsonObject().put("rule", rule).put("discount_percent", discount).put("message", message);
    }
}
