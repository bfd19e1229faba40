package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.blend.BlendRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code BlendRecommender} satisfies the recommender contract on explicit ratings. */
class BlendContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new BlendRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return true;
    }
}
