package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.mf.SvdRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code SvdRecommender} satisfies the recommender contract on implicit weights. */
class SvdImplicitContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new SvdRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return false;
    }
}
