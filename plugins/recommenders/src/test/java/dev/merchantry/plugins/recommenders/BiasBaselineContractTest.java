package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.baseline.BiasBaselineRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code BiasBaselineRecommender} satisfies the recommender contract on explicit ratings. */
class BiasBaselineContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new BiasBaselineRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return true;
    }
}
