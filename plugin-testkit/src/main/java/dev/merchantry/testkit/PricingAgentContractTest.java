package dev.merchantry.testkit;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract every {@link PricingAgent} satisfies; extend it and return the strategy (and optionally a config). */
public abstract class PricingAgentContractTest {

    protected abstract PricingAgent strategy();

    protected Map<String, Object> config() {
        return Map.of();
    }

    protected PricingContext product() {
        return Fixtures.pricingContext();
    }

    protected final PricingModel start() {
        return strategy().start(product(), strategy().descriptor().configSpec().parse(config()),
                OfflineContext.at(Fixtures.AS_OF));
    }

    /** Plays {@code periods} decisions against a linear demand, returning the prices chosen. */
    private List<Double> play(PricingModel model, long seed, int periods) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> prices = new ArrayList<>();
        PricingModel state = model;
        for (int t = 0; t < periods; t++) {
            PriceDecision d = state.decide(product(), random, OfflineContext.at(Fixtures.AS_OF));
            prices.add(d.price());
            double units = Math.max(0, Math.round(40 - 1.5 * d.price()));
            state = state.observe(new PricingOutcome(d.price(), units, units * d.price()));
        }
        return prices;
    }

    @Test
    void descriptorIsValid() {
        StrategyContract.descriptorIsValid(strategy(), StrategyKind.PRICING);
    }

    @Test
    void firstDecisionsAreSanePrices() {
        PricingContext p = product();
        for (double price : play(start(), 1, 20)) {
            assertTrue(Double.isFinite(price) && price >= 0.5 * p.listPrice() && price <= 2 * p.listPrice(),
                    "price " + price + " is far from list price " + p.listPrice());
        }
    }

    @Test
    void theSameSeedGivesTheSameDecisions() {
        assertEquals(play(start(), 7, 30), play(start(), 7, 30));
    }

    @Test
    void serializedStateDecidesIdenticallyAndCorruptBytesAreRejected() {
        PricingModel trained = start();
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 10; t++) {
            PriceDecision d = trained.decide(product(), random, OfflineContext.at(Fixtures.AS_OF));
            trained = trained.observe(new PricingOutcome(d.price(), 5, 5 * d.price()));
        }
        SerializedModel bytes = trained.serialize();
        assertEquals(strategy().descriptor().id(), bytes.strategyId());
        assertEquals(play(trained, 11, 10), play(strategy().load(bytes), 11, 10));
        StrategyContract.rejectsForeignAndCorruptModels(bytes, strategy()::load);
    }

    /** Every golden state ({@link GoldenModels}) still loads and decides sane prices. */
    @Test
    void modelsWrittenByEarlierVersionsStillLoad() {
        PricingModel trained = start();
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 10; t++) {
            PriceDecision d = trained.decide(product(), random, OfflineContext.at(Fixtures.AS_OF));
            trained = trained.observe(new PricingOutcome(d.price(), 5, 5 * d.price()));
        }
        PricingContext p = product();
        for (SerializedModel golden : GoldenModels.toCheck(trained.serialize())) {
            for (double price : play(strategy().load(golden), 5, 10)) {
                assertTrue(Double.isFinite(price) && price >= 0.5 * p.listPrice() && price <= 2 * p.listPrice(),
                        "golden state v" + golden.formatVersion() + " chose " + price);
            }
        }
    }
}
