package @PACKAGE@;

import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.testkit.RecommenderContractTest;

/** The testkit's recommender contract, run against {@code @ID@}: every check a node relies on. */
class @CLASS@ContractTest extends RecommenderContractTest {

    @Override
    protected Recommender strategy() {
        return new @CLASS@Recommender();
    }
}
