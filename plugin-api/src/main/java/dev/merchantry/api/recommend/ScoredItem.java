package dev.merchantry.api.recommend;

import java.util.Objects;

/**
 * One recommended item.
 *
 * @param itemId the product id
 * @param score higher is better; comparable only within one answer
 * @param reason short explanation for shoppers or merchants, e.g. {@code because you viewed Trail Shoes}
 * @since 0.1.0
 */
public record ScoredItem(String itemId, double score, String reason) {

    public ScoredItem {
        Objects.requireNonNull(itemId, "itemId");
        reason = reason == null ? "" : reason;
    }
}
