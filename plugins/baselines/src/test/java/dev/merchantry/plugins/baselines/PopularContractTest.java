package dev.merchantry.plugins.baselines;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.baselines.popular.PopularRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code popular} satisfies the recommender contract. */
class PopularContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new PopularRecommender();
    }
}
