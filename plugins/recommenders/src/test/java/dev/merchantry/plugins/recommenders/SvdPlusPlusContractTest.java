package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.plugins.recommenders.mf.SvdPlusPlusRecommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** {@code SvdPlusPlusRecommender} satisfies the recommender contract on explicit ratings. */
class SvdPlusPlusContractTest extends RecommenderContractTest {
    @Override
    protected Recommender strategy() {
        return new SvdPlusPlusRecommender();
    }

    @Override
    protected boolean explicitRatings() {
        return true;
    }
}
