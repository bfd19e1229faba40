package dev.merchantry.api.recommend;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What to recommend for.
 *
 * @param customerId the shopper, or {@code null} for an anonymous visitor
 * @param contextItems items the shopper is looking at (product page) or has in the cart; may be empty
 * @param limit maximum number of items to return, at least 1
 * @param allowed true for items that may be returned; the platform folds hidden, out-of-stock, excluded,
 *        category-filtered and (if configured) already-bought items into it. Models must apply it before
 *        truncating to {@code limit}.
 * @since 0.1.0
 */
public record RecommendationQuery(String customerId, List<String> contextItems, int limit, Predicate<String> allowed) {

    public RecommendationQuery {
        contextItems = contextItems == null ? List.of() : List.copyOf(contextItems);
        allowed = allowed == null ? item -> true : allowed;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    /**
     * Top {@code limit} items for a customer, with no filter.
     *
     * @since 0.1.0
     */
    public static RecommendationQuery forCustomer(String customerId, int limit) {
        return new RecommendationQuery(Objects.requireNonNull(customerId), List.of(), limit, null);
    }

    /**
     * Items related to {@code productId} ("similar products", "bought together"), with no filter.
     *
     * @since 0.1.0
     */
    public static RecommendationQuery forProduct(String productId, int limit) {
        return new RecommendationQuery(null, List.of(Objects.requireNonNull(productId)), limit, null);
    }
}
