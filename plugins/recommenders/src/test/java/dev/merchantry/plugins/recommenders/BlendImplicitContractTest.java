package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.blend.BlendRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** On implicit data {@code BlendRecommender} serves its ranker and still satisfies the contract. */
class BlendImplicitContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new BlendRecommender();
    }
}
