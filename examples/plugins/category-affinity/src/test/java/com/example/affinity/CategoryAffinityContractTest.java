package com.example.affinity;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** The testkit's recommender contract, golden models included. */
class CategoryAffinityContractTest extends RecommenderContractTest {

    @Override
    protected Recommender strategy() {
        return new CategoryAffinityRecommender();
    }
}
