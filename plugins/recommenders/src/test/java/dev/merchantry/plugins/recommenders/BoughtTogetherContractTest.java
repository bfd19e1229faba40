package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.cooccurrence.BoughtTogetherRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code BoughtTogetherRecommender} satisfies the recommender contract on implicit weights. */
class BoughtTogetherContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new BoughtTogetherRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return false;
    }
}
