package dev.merchantry.platform.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The commerce event types: Segment e-commerce v2 names (canonical) and the GA4 names accepted as aliases. */
public final class EventTypes {

    public static final String PRODUCT_VIEWED = "Product Viewed";
    public static final String PRODUCT_CLICKED = "Product Clicked";
    public static final String PRODUCT_ADDED = "Product Added";
    public static final String PRODUCT_REMOVED = "Product Removed";
    public static final String CART_VIEWED = "Cart Viewed";
    public static final String CHECKOUT_STARTED = "Checkout Started";
    public static final String ORDER_COMPLETED = "Order Completed";
    public static final String ORDER_REFUNDED = "Order Refunded";
    public static final String PRODUCT_REVIEWED = "Product Reviewed";

    /** Canonical names, in funnel order. */
    public static final List<String> CANONICAL = List.of(PRODUCT_VIEWED, PRODUCT_CLICKED, PRODUCT_ADDED,
            PRODUCT_REMOVED, CART_VIEWED, CHECKOUT_STARTED, ORDER_COMPLETED, ORDER_REFUNDED, PRODUCT_REVIEWED);

    /** Types that are about exactly one product, named by {@code product_id}. */
    static final List<String> PRODUCT_EVENTS = List.of(PRODUCT_VIEWED, PRODUCT_CLICKED, PRODUCT_ADDED,
            PRODUCT_REMOVED, PRODUCT_REVIEWED);

    private static final Map<String, String> BY_NAME = new LinkedHashMap<>();

    static {
        CANONICAL.forEach(t -> BY_NAME.put(t, t));
        BY_NAME.put("view_item", PRODUCT_VIEWED);
        BY_NAME.put("select_item", PRODUCT_CLICKED);
        BY_NAME.put("add_to_cart", PRODUCT_ADDED);
        BY_NAME.put("remove_from_cart", PRODUCT_REMOVED);
        BY_NAME.put("view_cart", CART_VIEWED);
        BY_NAME.put("begin_checkout", CHECKOUT_STARTED);
        BY_NAME.put("purchase", ORDER_COMPLETED);
        BY_NAME.put("refund", ORDER_REFUNDED);
    }

    private EventTypes() {
    }

    /** The canonical name of a Segment or GA4 event name. */
    public static Optional<String> canonical(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every accepted name (canonical and aliases), for error messages and docs. */
    public static List<String> acceptedNames() {
        return List.copyOf(BY_NAME.keySet());
    }
}
