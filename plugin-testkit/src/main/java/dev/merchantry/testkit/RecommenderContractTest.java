package dev.merchantry.testkit;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every {@link Recommender} satisfies. A plugin's test extends this class, returns its strategy (and,
 * optionally, a config for speed and the kind of data it needs), and inherits these checks.
 */
public abstract class RecommenderContractTest {

    /** The strategy under test. */
    protected abstract Recommender strategy();

    /** Config used for fitting (default: the strategy's defaults). */
    protected Map<String, Object> config() {
        return Map.of();
    }

    /** Whether the strategy learns from explicit ratings (true) or implicit event weights (false). */
    protected boolean explicitRatings() {
        return false;
    }

    protected RecommenderData trainingData() {
        return Fixtures.interactions(explicitRatings(), 42);
    }

    protected final RecommenderModel fit(RecommenderData data) {
        Config config = strategy().descriptor().configSpec().parse(config());
        return strategy().fit(data, config, OfflineContext.at(Fixtures.AS_OF), dev.merchantry.api.ProgressListener.NONE);
    }

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::itemId).toList();
    }

    private List<List<ScoredItem>> answers(RecommenderModel model) {
        List<List<ScoredItem>> out = new ArrayList<>();
        for (String user : List.of("u0", "u1", "u7", "unknown-user")) {
            out.add(model.recommend(RecommendationQuery.forCustomer(user, 5)));
        }
        out.add(model.recommend(RecommendationQuery.forProduct("p3", 5)));
        return out;
    }

    @Test
    void descriptorIsValid() {
        StrategyContract.descriptorIsValid(strategy(), StrategyKind.RECOMMENDER);
    }

    @Test
    void fittingTwiceWithTheSameConfigGivesTheSameModel() {
        RecommenderModel a = fit(trainingData());
        RecommenderModel b = fit(trainingData());
        if (!Arrays.equals(a.serialize().bytes(), b.serialize().bytes())) {
            assertEquals(answers(a), answers(b), "same data and seed must give the same recommendations");
        } else {
            assertArrayEquals(a.serialize().bytes(), b.serialize().bytes());
        }
    }

    @Test
    void emptyAndTinyDataNeverFail() {
        RecommenderModel empty = fit(new RecommenderData(Interactions.builder(explicitRatings()).build(), List.of(),
                Map.of(), Fixtures.AS_OF));
        assertTrue(empty.recommend(RecommendationQuery.forCustomer("u0", 5)).isEmpty(),
                "a model trained on nothing recommends nothing");
        RecommenderModel tiny = fit(new RecommenderData(Interactions.builder(explicitRatings())
                .add("u0", "p1", explicitRatings() ? 4 : 1, Fixtures.AS_OF.toEpochMilli()).build(), List.of(),
                Map.of(), Fixtures.AS_OF));
        assertTrue(tiny.recommend(RecommendationQuery.forCustomer("u0", 5)).size() <= 5);
        assertTrue(tiny.recommend(RecommendationQuery.forCustomer("someone-else", 5)).size() <= 5);
    }

    @Test
    void honoursLimitAndTheAllowedFilter() {
        RecommenderModel model = fit(trainingData());
        for (int limit : new int[] {1, 3, 10}) {
            assertTrue(model.recommend(RecommendationQuery.forCustomer("u1", limit)).size() <= limit);
        }
        List<String> first = ids(model.recommend(RecommendationQuery.forCustomer("u1", 10)));
        if (!first.isEmpty()) {
            String banned = first.get(0);
            List<String> filtered = ids(model.recommend(new RecommendationQuery("u1", List.of(), 10,
                    id -> !id.equals(banned))));
            assertTrue(!filtered.contains(banned), "a disallowed item must never be returned");
        }
    }

    @Test
    void serializedModelAnswersIdenticallyAndCorruptBytesAreRejected() {
        RecommenderModel model = fit(trainingData());
        SerializedModel bytes = model.serialize();
        assertEquals(strategy().descriptor().id(), bytes.strategyId());
        assertEquals(answers(model), answers(strategy().load(bytes)));
        StrategyContract.rejectsForeignAndCorruptModels(bytes, strategy()::load);
    }

    @Test
    void aTrainedModelIsSafeForConcurrentQueries() throws Exception {
        RecommenderModel model = fit(trainingData());
        StrategyContract.sameAnswersConcurrently(() -> answers(model));
    }

    /** Every golden model ({@link GoldenModels}) still loads and answers within the limit. */
    @Test
    void modelsWrittenByEarlierVersionsStillLoad() {
        for (SerializedModel golden : GoldenModels.toCheck(fit(trainingData()).serialize())) {
            RecommenderModel model = strategy().load(golden);
            for (List<ScoredItem> answer : answers(model)) {
                assertTrue(answer.size() <= 5, "golden model v" + golden.formatVersion() + " answered " + answer);
            }
        }
    }
}
