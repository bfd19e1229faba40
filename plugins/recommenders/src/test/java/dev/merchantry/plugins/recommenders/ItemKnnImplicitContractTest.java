package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.knn.ItemKnnRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code ItemKnnRecommender} satisfies the recommender contract on implicit weights. */
class ItemKnnImplicitContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new ItemKnnRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return false;
    }
}
