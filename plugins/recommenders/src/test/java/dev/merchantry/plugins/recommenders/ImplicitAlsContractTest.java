package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.als.ImplicitAlsRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code ImplicitAlsRecommender} satisfies the recommender contract on implicit weights. */
class ImplicitAlsContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new ImplicitAlsRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return false;
    }
}
