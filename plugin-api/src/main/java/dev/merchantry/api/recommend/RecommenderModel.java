package dev.merchantry.api.recommend;

import dev.merchantry.api.model.Model;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A trained recommender: immutable and safe for concurrent queries.
 *
 * @since 0.1.0
 */
public interface RecommenderModel extends Model {

    /**
     * Top items for the query, best first, at most {@code query.limit()}, each passing {@code query.allowed()}.
     * Returns an empty list when the model has nothing to say (unknown customer and no known context item): the
     * platform then asks the shop's fallback strategy.
     *
     * @since 0.1.0
     */
    List<ScoredItem> recommend(RecommendationQuery query);

    /**
     * The predicted rating of {@code itemId} by {@code userId}, on the scale of the training ratings. Models of
     * explicit feedback predict unknown users or items from their baselines (e.g. global mean plus known bias),
     * never from random factors. Empty when the model does not predict ratings (e.g. implicit-feedback models).
     *
     * @since 0.1.0
     */
    default OptionalDouble predictRating(String userId, String itemId) {
        return OptionalDouble.empty();
    }

    /**
     * The predicted rating of {@code itemId} by {@code userId} given at {@code timestampMillis} (epoch
     * milliseconds; 0 when unknown). Models with time effects (e.g. a customer's rating mood of the day) use the
     * time; the default ignores it. The offline evaluator passes each held-out rating's timestamp.
     *
     * @since 0.1.0
     */
    default OptionalDouble predictRating(String userId, String itemId, long timestampMillis) {
        return predictRating(userId, itemId);
    }
}
