package dev.merchantry.testkit;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract every {@link Profiler} satisfies; extend it and return the strategy (and optionally a config). */
public abstract class ProfilerContractTest {

    protected abstract Profiler strategy();

    protected Map<String, Object> config() {
        return Map.of();
    }

    protected CustomerData trainingData() {
        return Fixtures.customers(42);
    }

    protected final ProfilerModel fit(CustomerData data) {
        return strategy().fit(data, strategy().descriptor().configSpec().parse(config()),
                OfflineContext.at(Fixtures.AS_OF), dev.merchantry.api.ProgressListener.NONE);
    }

    private static List<CustomerProfile> sorted(ProfilerModel model) {
        return model.profiles().sorted(java.util.Comparator.comparing(CustomerProfile::customerId)).toList();
    }

    @Test
    void descriptorIsValid() {
        StrategyContract.descriptorIsValid(strategy(), StrategyKind.PROFILER);
    }

    @Test
    void zeroAndOneCustomerNeverFail() {
        ProfilerModel none = fit(new CustomerData(Fixtures.AS_OF, 0, List.of()));
        assertEquals(0, none.profiles().count());
        assertTrue(none.profile("c1").isEmpty());
        ProfilerModel one = fit(Fixtures.oneCustomer());
        assertTrue(one.profile("c1").isPresent(), "the only customer has a profile");
    }

    @Test
    void fittingTwiceGivesTheSameProfiles() {
        assertEquals(sorted(fit(trainingData())), sorted(fit(trainingData())));
    }

    @Test
    void serializedModelProfilesIdenticallyAndCorruptBytesAreRejected() {
        ProfilerModel model = fit(trainingData());
        SerializedModel bytes = model.serialize();
        assertEquals(strategy().descriptor().id(), bytes.strategyId());
        ProfilerModel loaded = strategy().load(bytes);
        assertEquals(sorted(model), sorted(loaded));
        assertEquals(model.segments(), loaded.segments());
        StrategyContract.rejectsForeignAndCorruptModels(bytes, strategy()::load);
    }

    @Test
    void aTrainedModelIsSafeForConcurrentLookups() throws Exception {
        ProfilerModel model = fit(trainingData());
        StrategyContract.sameAnswersConcurrently(() -> List.of(model.profile("c3"), model.profile("c4"),
                model.profile("nobody")));
    }

    /** Every golden model ({@link GoldenModels}) still loads and yields profiles it can look up. */
    @Test
    void modelsWrittenByEarlierVersionsStillLoad() {
        for (SerializedModel golden : GoldenModels.toCheck(fit(trainingData()).serialize())) {
            ProfilerModel model = strategy().load(golden);
            for (CustomerProfile p : sorted(model)) {
                assertEquals(p, model.profile(p.customerId()).orElseThrow(),
                        "golden model v" + golden.formatVersion() + ": profile of " + p.customerId());
            }
        }
    }
}
