package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.ease.EaseRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code EaseRecommender} satisfies the recommender contract on implicit weights. */
class EaseContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new EaseRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return false;
    }
}
