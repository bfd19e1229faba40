package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.knn.UserKnnRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code UserKnnRecommender} satisfies the recommender contract on implicit weights. */
class UserKnnImplicitContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new UserKnnRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return false;
    }
}
