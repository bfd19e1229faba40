package dev.merchantry.platform.replenishment;

import io.vertx.core.json.JsonObject;

/**
 * The inventory policy of a shop or one product.
 *
 * @param leadTimeDays days from ordering to the goods being sellable
 * @param serviceLevel target probability of not running out before the next delivery (cycle service level)
 * @param reviewPeriodDays days between two ordering decisions (the order covers them as well as the lead time)
 * @param minOrderQuantity the supplier's minimum order, in units
 */
public record ReplenishmentPolicy(int leadTimeDays, double serviceLevel, int reviewPeriodDays, long minOrderQuantity) {

    public static final ReplenishmentPolicy DEFAULTS = new ReplenishmentPolicy(7, 0.95, 7, 1);

    public JsonObject toJson() {
        return new JsonObject().put("lead_time_days", leadTimeDays).put("service_level", serviceLevel)
                .put("review_period_days", reviewPeriodDays).put("min_order_quantity", minOrderQuantity);
    }

    /** This policy with the keys present in {@code patch} (already validated) replaced. */
    ReplenishmentPolicy with(JsonObject patch) {
        return new ReplenishmentPolicy(
                patch.getValue("lead_time_days") instanceof Number n ? n.intValue() : leadTimeDays,
                patch.getValue("service_level") instanceof Number n ? n.doubleValue() : serviceLevel,
                patch.getValue("review_period_days") instanceof Number n ? n.intValue() : reviewPeriodDays,
                patch.getValue("min_order_quantity") instanceof Number n ? n.longValue() : minOrderQuantity);
    }
}
